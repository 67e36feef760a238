package dev.intermission.servlet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends HTTP/1.1 requests byte for byte over a plain socket, for request targets that {@code HttpClient} refuses
 * to send (raw backslashes, {@code %00}, overlong UTF-8, absolute-form targets).
 */
public final class RawHttp {

    /** A parsed response; header names are lower-cased. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        /** Returns the first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code <method> <target> HTTP/1.1} with {@code Host} and {@code Connection: close} and the extra
     * header lines, and reads the whole response. The target is sent as ISO-8859-1 bytes, unchanged.
     */
    public static Response send(int port, String method, String target, String... headerLines) {
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        if (method.equals("POST") || method.equals("PUT")) {
            request.append("Content-Length: 0\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return sendRaw(port, request.toString().getBytes(StandardCharsets.ISO_8859_1), method.equals("HEAD"));
    }

    /** Sends raw bytes and reads the response until the server closes the connection. */
    public static Response sendRaw(int port, byte[] request, boolean head) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return parse(all.toByteArray(), head);
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to port " + port + " failed", e);
        }
    }

    private static Response parse(byte[] bytes, boolean head) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw new IllegalStateException("incomplete response: '" + text + "'");
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = new byte[bytes.length - headerEnd - 4];
        System.arraycopy(bytes, headerEnd + 4, body, 0, body.length);
        if (head) {
            body = new byte[0];
        } else if (headers.containsKey("transfer-encoding")
                && headers.get("transfer-encoding").get(0).equalsIgnoreCase("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOfCrlf(body, i);
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("malformed chunked body");
    }
}
