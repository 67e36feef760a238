package com.example.orders;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Lists the orders from the application's own table, which its migrations create. */
public class OrdersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient DataSource dataSource;

    @Override
    public void init() throws ServletException {
        try {
            dataSource = (DataSource) new InitialContext().lookup(getInitParameter("dataSource"));
        } catch (NamingException e) {
            throw new ServletException("no DataSource " + getInitParameter("dataSource"), e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT item FROM orders ORDER BY id")) {
            out.print("orders:");
            while (rs.next()) {
                out.print(" " + rs.getString(1));
            }
        } catch (SQLException e) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            out.print("orders are not available");
            getServletContext().log("cannot list the orders", e);
        }
    }
}
