package com.example.orders;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Answers asynchronously: the request thread returns at once, another thread writes and completes. */
public class AsyncServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.start(() -> {
            try {
                async.getResponse().setContentType("text/plain;charset=UTF-8");
                async.getResponse().getWriter().print("async: answered on another thread");
            } catch (IOException e) {
                getServletContext().log("async answer failed", e);
            } finally {
                async.complete();
            }
        });
    }
}
