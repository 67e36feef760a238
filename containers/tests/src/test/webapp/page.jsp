<%@ page contentType="text/plain;charset=UTF-8" session="false" %>jsp: <%= request.getAttribute("greeting") %>
