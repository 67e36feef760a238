package dev.intermission.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.intermission.benchmarks.support.Results;

/** Turns JMH's JSON result file into a Markdown table (score, error, allocation per operation). */
public final class JmhReport {

    private JmhReport() {
    }

    /**
     * Prints the table and writes it next to the JSON as {@code jmh.md}.
     *
     * @param args the JMH JSON file
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        JsonNode root = Results.json().readTree(Files.readString(Path.of(args[0])));
        StringBuilder md = new StringBuilder();
        md.append("| benchmark | mode | score | ± error (99.9%) | unit | allocated per op |\n");
        md.append("|---|---|---:|---:|---|---:|\n");
        for (JsonNode b : root) {
            String name = b.get("benchmark").asText().replaceFirst(".*\\.jmh\\.", "");
            JsonNode primary = b.get("primaryMetric");
            JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm");
            String allocText = alloc.isMissingNode() ? "n/a"
                    : String.format(Locale.ROOT, "%.0f B", alloc.get("score").asDouble());
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %.1f | %.1f | %s | %s |%n", name,
                    b.get("mode").asText(), primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
                    primary.get("scoreUnit").asText(), allocText));
        }
        System.out.print(md);
        Files.writeString(Results.dir().resolve("jmh.md"), md.toString());
    }
}
