package dev.intermission.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Runs the {@code console} blocks of a Markdown page as a shell would, and checks that each command prints what
 * the page shows.
 *
 * <p>A block holds commands ({@code $ } lines, continued by a trailing backslash) each followed by its expected
 * output. Supported commands: {@code curl} (the options {@code -s -S -i -I -X -H -d -o /dev/null -w}, with
 * {@code %{http_code}} and {@code %header{name}} in {@code -w}), the operator command line as
 * {@code intermission ...}, {@code echo $?}, and variable assignments, including
 * {@code VAR=$(date -u -d '+N minutes|hours|days' +%Y-%m-%dT%H:%M:%SZ)} and {@code VAR=$(curl ...)} or
 * {@code VAR=$(intermission ...)} (the command's output, trailing line breaks removed), each optionally piped into
 * {@code jq -r '.path[0].to'} (a path of names and indexes only). Anything else fails the page.
 *
 * <p>Expected output is compared loosely where it must be: {@code <...>} stands for any text; a line {@code ...}
 * alone stands for any number of lines; runs of spaces count as one; a JSON body is compared as JSON (the same
 * members in the same order, however indented; {@code "<...>"} matches any value); a response shown with
 * {@code curl -i} must have the status shown and every header shown (others may follow). A command shown without
 * output is run but its output not checked.
 *
 * <p>The environment the page describes is the test's: {@code $URL}, {@code $TOKEN} and {@code $SECRET} name its
 * server, admin token and bypass secret, and assignments to them or to {@code INTERMISSION_JDBC_*} are ignored (the
 * command line always talks to the test's database). Where the page sets {@code INTERMISSION_JDBC_URL} (and
 * {@code INTERMISSION_JDBC_USER}), the command line's output names the page's database instead of the test's: the
 * test's URL and user are replaced with the page's before comparing, as times and ids are masked by wildcards.
 */
final class ConsoleExamples {

    /** Runs one operator command line and returns its exit status, writing to the given streams. */
    interface Cli {
        int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env);
    }

    /** What a page's examples ran. */
    record Report(int commands, int checked, List<String> failures) {
    }

    private static final Pattern CONSOLE_BLOCK = Pattern.compile("```console\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JQ_PIPE = Pattern.compile("(.*)\\|\\s*jq -r '([^']*)'");
    private static final Pattern DATE_ASSIGNMENT = Pattern.compile(
            "date -u -d '\\+(\\d+) (minutes?|hours?|days?)' \\+%Y-%m-%dT%H:%M:%SZ");
    private static final Pattern WILDCARD = Pattern.compile("<[^<>\\s][^<>]*>");
    /** A line of expected output that stands for any number of lines, as pages shorten long output. */
    private static final String ELISION = "...";
    private static final Set<String> FIXED_VARIABLES = Set.of("URL", "TOKEN", "SECRET", "INTERMISSION_JDBC_URL",
            "INTERMISSION_JDBC_USER", "INTERMISSION_JDBC_PASSWORD");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> variables = new LinkedHashMap<>();
    /** What the page assigned to the fixed variables: how it names the test's database in the output. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    private final Cli cli;
    private final Runnable beforeHttp;
    private int lastExit;

    /**
     * Creates a runner.
     *
     * @param variables  the environment: URL, TOKEN and the INTERMISSION_JDBC_* variables
     * @param cli        runs {@code intermission ...}
     * @param beforeHttp runs before every HTTP request (the server reads the state the command line wrote)
     */
    ConsoleExamples(Map<String, String> variables, Cli cli, Runnable beforeHttp) {
        this.variables.putAll(variables);
        this.cli = cli;
        this.beforeHttp = beforeHttp;
    }

    /** Runs every console block of a page in order. */
    Report run(Path page) throws IOException {
        String text = Files.readString(page);
        Matcher block = CONSOLE_BLOCK.matcher(text);
        int commands = 0;
        int checked = 0;
        List<String> failures = new ArrayList<>();
        while (block.find()) {
            for (Example example : parse(block.group(1))) {
                commands++;
                String actual;
                try {
                    actual = execute(example.command());
                } catch (RuntimeException e) {
                    failures.add("$ " + example.command() + "\n  failed to run: " + e);
                    continue;
                }
                if (example.expected().isBlank()) {
                    continue;
                }
                checked++;
                String mismatch = compare(example.expected(), actual);
                if (mismatch != null) {
                    failures.add("$ " + example.command() + "\n  " + mismatch + "\n  --- actual output ---\n"
                            + actual);
                }
            }
        }
        return new Report(commands, checked, failures);
    }

    private record Example(String command, String expected) {
    }

    private static List<Example> parse(String block) {
        List<Example> examples = new ArrayList<>();
        List<String> lines = block.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.startsWith("$ ")) {
                throw new IllegalStateException("console block: output before any command: " + line);
            }
            StringBuilder command = new StringBuilder(line.substring(2));
            i++;
            while (command.toString().endsWith("\\") && i < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(i).strip());
                i++;
            }
            StringBuilder expected = new StringBuilder();
            while (i < lines.size() && !lines.get(i).startsWith("$ ")) {
                expected.append(lines.get(i)).append('\n');
                i++;
            }
            examples.add(new Example(command.toString().strip(), expected.toString()));
        }
        return examples;
    }

    // ------------------------------------------------------------------------------------------- running

    private String execute(String command) {
        Matcher piped = JQ_PIPE.matcher(command);
        if (piped.matches()) {
            return jq(piped.group(2), execute(piped.group(1).strip()));
        }
        Matcher assignment = Pattern.compile("(?:export )?([A-Z_][A-Z0-9_]*)=(.*)").matcher(command);
        if (assignment.matches()) {
            assign(assignment.group(1), assignment.group(2));
            return "";
        }
        List<String> words = words(command);
        if (words.isEmpty()) {
            if (command.startsWith("#")) {
                return "";                                        // a comment
            }
            throw new IllegalArgumentException("empty command");
        }
        return switch (words.get(0)) {
            case "curl" -> curl(words.subList(1, words.size()));
            case "intermission" -> intermission(words.subList(1, words.size()));
            case "echo" -> {
                if (!command.equals("echo $?")) {
                    throw new IllegalArgumentException("only 'echo $?' is supported");
                }
                yield lastExit + "\n";
            }
            default -> throw new IllegalArgumentException("unsupported command: " + words.get(0));
        };
    }

    /** {@code jq -r PATH} for a path of {@code .name} and {@code [n]} steps: the value, text unquoted. */
    static String jq(String path, String json) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("jq: not JSON: " + json, e);
        }
        Matcher step = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]").matcher(path);
        int end = 0;
        while (step.find() && step.start() == end) {
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
            end = step.end();
        }
        if (end != path.length() || path.isEmpty()) {
            throw new IllegalArgumentException("jq: only paths of .name and [n] are supported, was " + path);
        }
        return (node.isTextual() ? node.textValue() : node.toString()) + "\n";
    }

    private void assign(String name, String value) {
        if (FIXED_VARIABLES.contains(name)) {
            List<String> words = words(value);
            shown.put(name, words.isEmpty() ? "" : words.get(0));
            return;
        }
        if (value.startsWith("$(") && value.endsWith(")")) {
            String inner = value.substring(2, value.length() - 1).strip();
            if (inner.startsWith("curl ") || inner.startsWith("intermission ")) {
                variables.put(name, execute(inner).replaceAll("[\\r\\n]+$", ""));
                return;
            }
            Matcher date = DATE_ASSIGNMENT.matcher(inner);
            if (!date.matches()) {
                throw new IllegalArgumentException("unsupported command substitution: " + value);
            }
            long amount = Long.parseLong(date.group(1));
            ChronoUnit unit = date.group(2).startsWith("minute") ? ChronoUnit.MINUTES
                    : date.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            variables.put(name, Instant.now().plus(amount, unit).truncatedTo(ChronoUnit.SECONDS).toString());
            return;
        }
        List<String> words = words(value);
        variables.put(name, words.isEmpty() ? "" : words.get(0));
    }

    private String intermission(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            lastExit = cli.run(args.toArray(String[]::new), o, e, Map.copyOf(variables));
        }
        return asThePageNamesIt(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    /** Names the database as the page does, when it set {@code INTERMISSION_JDBC_URL} (and the user). */
    private String asThePageNamesIt(String output) {
        String pageUrl = shown.get("INTERMISSION_JDBC_URL");
        if (pageUrl == null) {
            return output;
        }
        String testUser = variables.getOrDefault("INTERMISSION_JDBC_USER", "");
        String pageUser = shown.getOrDefault("INTERMISSION_JDBC_USER", testUser);
        String testUrl = variables.get("INTERMISSION_JDBC_URL");
        return output
                .replace(testUrl + (testUser.isEmpty() ? "" : " as " + testUser),
                        pageUrl + (pageUser.isEmpty() ? "" : " as " + pageUser))
                .replace(testUrl, pageUrl);
    }

    private String curl(List<String> args) {
        String method = null;
        String data = null;
        String url = null;
        String writeOut = null;
        boolean include = false;
        boolean head = false;
        boolean discardBody = false;
        List<String[]> headers = new ArrayList<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String a = it.next();
            switch (a) {
                case "-s", "-S", "-sS", "--path-as-is" -> { }   // the client sends the path as written
                case "-i" -> include = true;
                case "-I" -> head = true;
                case "-X" -> method = it.next();
                case "-H" -> {
                    String h = it.next();
                    int colon = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, colon).strip(), h.substring(colon + 1).strip()});
                }
                case "-d", "--data", "--data-raw" -> data = it.next();
                case "-o" -> {
                    if (!it.next().equals("/dev/null")) {
                        throw new IllegalArgumentException("only -o /dev/null is supported");
                    }
                    discardBody = true;
                }
                case "-w" -> writeOut = it.next();
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unsupported curl option " + a);
                    }
                    url = a;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl without a URL");
        }
        if (method == null) {
            method = head ? "HEAD" : data != null ? "POST" : "GET";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, data == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(data));
        boolean contentType = false;
        for (String[] h : headers) {
            request.header(h[0], h[1]);
            contentType |= h[0].equalsIgnoreCase("Content-Type");
        }
        if (data != null && !contentType) {
            request.header("Content-Type", "application/x-www-form-urlencoded");   // what curl -d sends
        }
        beforeHttp.run();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        lastExit = 0;
        StringBuilder out = new StringBuilder();
        if (include || head) {
            out.append("HTTP/1.1 ").append(response.statusCode()).append('\n');
            response.headers().map().forEach((name, values) -> values.forEach(
                    v -> out.append(name).append(": ").append(v).append('\n')));
            out.append('\n');
        }
        if (!discardBody && !head) {
            out.append(response.body());
        }
        if (writeOut != null) {
            Matcher header = Pattern.compile("%header\\{([^}]+)}").matcher(writeOut);
            StringBuilder written = new StringBuilder();
            while (header.find()) {
                header.appendReplacement(written, Matcher.quoteReplacement(
                        response.headers().firstValue(header.group(1)).orElse("")));
            }
            header.appendTail(written);
            out.append(written.toString().replace("%{http_code}", String.valueOf(response.statusCode()))
                    .replace("\\n", "\n"));
        }
        return out.toString();
    }

    /** Splits a command into words as a POSIX shell would: quotes, backslashes, $VAR and ${VAR}; # comments. */
    List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (c == '#' && word == null) {
                break;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote: " + command);
                }
                word.append(command, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < command.length() && command.charAt(i) != '"') {
                    char d = command.charAt(i);
                    if (d == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        word.append(command.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = expand(command, i, word);
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (i >= command.length()) {
                    throw new IllegalArgumentException("unterminated double quote: " + command);
                }
                i++;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expand(command, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private int expand(String command, int dollar, StringBuilder word) {
        Matcher m = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*)|(\\?))")
                .matcher(command).region(dollar, command.length());
        if (!m.lookingAt()) {
            word.append('$');
            return dollar + 1;
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        if (m.group(3) != null) {
            word.append(lastExit);
        } else {
            String value = variables.get(name);
            if (value == null) {
                throw new IllegalArgumentException("variable $" + name + " is not set");
            }
            word.append(value);
        }
        return m.end();
    }

    // ------------------------------------------------------------------------------------------- comparing

    /** Returns why the output differs from the expected, or {@code null} when it matches. */
    static String compare(String expected, String actual) {
        String exp = expected.strip();
        String act = actual.strip();
        if (exp.startsWith("HTTP/")) {
            return compareHttp(exp, actual);
        }
        return compareBody(exp, act);
    }

    private static String compareHttp(String expected, String actual) {
        String[] exp = expected.split("\n\n", 2);
        String[] act = actual.split("\n\n", 2);
        List<String> expHead = exp[0].lines().toList();
        List<String> actHead = act[0].lines().toList();
        String expStatus = expHead.get(0).split(" ")[1];
        String actStatus = actHead.get(0).split(" ")[1];
        if (!expStatus.equals(actStatus)) {
            return "status " + actStatus + ", expected " + expStatus;
        }
        for (String header : expHead.subList(1, expHead.size())) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).strip();
            String value = header.substring(colon + 1).strip();
            boolean found = actHead.stream().skip(1).anyMatch(h -> {
                int c = h.indexOf(':');
                return h.substring(0, c).strip().equalsIgnoreCase(name)
                        && textMatches(value, h.substring(c + 1).strip());
            });
            if (!found) {
                return "no header " + header;
            }
        }
        String expBody = exp.length > 1 ? exp[1].strip() : "";
        String actBody = act.length > 1 ? act[1].strip() : "";
        return expBody.isEmpty() ? null : compareBody(expBody, actBody);
    }

    private static String compareBody(String expected, String actual) {
        if (WILDCARD.matcher(expected).matches()) {
            return null;                                          // a body shown as <...>: any body
        }
        if (expected.startsWith("{") || expected.startsWith("[")) {
            try {
                ObjectMapper mapper = new ObjectMapper();
                JsonNode exp = mapper.readTree(expected);
                JsonNode act = mapper.readTree(actual);
                return compareJson("$", exp, act);
            } catch (IOException e) {
                return "not JSON: " + e.getMessage();
            }
        }
        List<String> exp = expected.lines().map(ConsoleExamples::squeeze).toList();
        List<String> act = actual.lines().map(ConsoleExamples::squeeze).toList();
        if (exp.contains(ELISION)) {
            return linesMatch(exp, 0, act, 0) ? null
                    : "the lines differ (a line '" + ELISION + "' stands for any lines)";
        }
        if (exp.size() != act.size()) {
            return act.size() + " lines, expected " + exp.size();
        }
        for (int i = 0; i < exp.size(); i++) {
            if (!textMatches(exp.get(i), act.get(i))) {
                return "line " + (i + 1) + " differs: expected '" + exp.get(i) + "'";
            }
        }
        return null;
    }

    /** Whether the lines match from these positions on, a line {@value #ELISION} standing for any lines. */
    private static boolean linesMatch(List<String> exp, int e, List<String> act, int a) {
        if (e == exp.size()) {
            return a == act.size();
        }
        if (exp.get(e).equals(ELISION)) {
            for (int next = a; next <= act.size(); next++) {
                if (linesMatch(exp, e + 1, act, next)) {
                    return true;
                }
            }
            return false;
        }
        return a < act.size() && textMatches(exp.get(e), act.get(a)) && linesMatch(exp, e + 1, act, a + 1);
    }

    private static String compareJson(String path, JsonNode exp, JsonNode act) {
        if (exp.isTextual() && WILDCARD.matcher(exp.textValue()).matches()) {
            return null;
        }
        if (exp.isObject()) {
            if (!act.isObject()) {
                return path + ": expected an object";
            }
            List<String> expNames = new ArrayList<>();
            exp.fieldNames().forEachRemaining(expNames::add);
            List<String> actNames = new ArrayList<>();
            act.fieldNames().forEachRemaining(actNames::add);
            if (!expNames.equals(actNames)) {
                return path + ": members " + actNames + ", expected " + expNames;
            }
            for (String name : expNames) {
                String m = compareJson(path + "." + name, exp.get(name), act.get(name));
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (exp.isArray()) {
            if (!act.isArray() || act.size() != exp.size()) {
                return path + ": expected an array of " + exp.size();
            }
            for (int i = 0; i < exp.size(); i++) {
                String m = compareJson(path + "[" + i + "]", exp.get(i), act.get(i));
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (exp.isTextual() && act.isTextual()) {
            return textMatches(exp.textValue(), act.textValue()) ? null
                    : path + ": '" + act.textValue() + "', expected '" + exp.textValue() + "'";
        }
        return exp.equals(act) ? null : path + ": " + act + ", expected " + exp;
    }

    private static String squeeze(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** Whether the text matches the expected one, where {@code <...>} stands for any text. */
    static boolean textMatches(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        Matcher m = WILDCARD.matcher(expected);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start()))).append(".*?");
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
    }
}
