package com.example.orders;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Includes a JSP and another servlet in its own answer. */
public class IncludeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("include: [");
        out.flush();
        request.getRequestDispatcher("/fragment.jsp").include(request, response);
        out.print("] [");
        out.flush();
        request.getRequestDispatcher("/hello").include(request, response);
        out.print("]");
    }
}
