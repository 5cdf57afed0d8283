package dev.kpcload.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A real Prometheus (Debian's) on a free loopback port, scraping the given targets every second. */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static PrometheusServer start(Path dir, List<String> targets) throws IOException, InterruptedException {
        Path binary = ExternalPrograms.require("prometheus");
        int port = Mosquitto.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "scrape_configs:",
            "  - job_name: loadgen",
            "    static_configs:",
            "      - targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
                + "]",
            ""));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/-/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("prometheus not ready: " + Files.readString(log));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** An instant query at {@code epochSeconds}; the whole API answer ({@code status}, {@code data}, ...). */
    public JsonNode query(String promql, double epochSeconds) throws IOException, InterruptedException {
        String path = "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time=" + epochSeconds;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The number of healthy targets, to wait for the first scrapes. */
    public int targetsUp() throws IOException, InterruptedException {
        JsonNode answer = query("sum(up)", System.currentTimeMillis() / 1000.0);
        JsonNode result = answer.path("data").path("result");
        return result.isEmpty() ? 0 : (int) Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
