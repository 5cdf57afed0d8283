package dev.kpcload.tls;

import dev.kpcload.testing.ExternalPrograms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the {@code openssl} program (so the chain is not only our own code's): ECDSA P-256 keys in
 * PKCS#8 PEM, CAs, leaf certificates with names and addresses, and certificates whose validity lies in the past
 * ({@code openssl ca -startdate/-enddate}: OpenSSL 3.0's {@code x509 -req} has no start date). Public: the
 * simulator's TLS tests use it too.
 */
public final class OpensslCerts {

    private final Path openssl;
    private final Path dir;

    /** Skips the test when {@code openssl} is absent (fails under LOADGEN_REQUIRE_EXTERNAL=1). */
    public OpensslCerts(Path dir) {
        this.openssl = ExternalPrograms.require("openssl");
        this.dir = dir;
    }

    public record Pair(Path cert, Path key) {
        ClientIdentity identity() {
            return ClientIdentity.of(cert, key);
        }
    }

    /** A self-signed CA named {@code name}. */
    public Pair ca(String name) throws IOException {
        Path key = key(name);
        Path cert = dir.resolve(name + ".crt");
        run("req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "3650",
            "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new Pair(cert, key);
    }

    /** A server certificate for {@code sans} (e.g. {@code DNS:localhost,IP:127.0.0.1}), valid now. */
    public Pair server(String name, Pair ca, String sans) throws IOException {
        return leaf(name, ca, "serverAuth", sans, null, null);
    }

    /** A client certificate with CN {@code name}, valid now. */
    public Pair client(String name, Pair ca) throws IOException {
        return leaf(name, ca, "clientAuth", null, null, null);
    }

    /** A server certificate valid only between two past instants ({@code YYYYMMDDHHMMSSZ}). */
    public Pair expiredServer(String name, Pair ca, String sans) throws IOException {
        return leaf(name, ca, "serverAuth", sans, "20200101000000Z", "20210101000000Z");
    }

    /** A client certificate valid only between two past instants. */
    public Pair expiredClient(String name, Pair ca) throws IOException {
        return leaf(name, ca, "clientAuth", null, "20200101000000Z", "20210101000000Z");
    }

    private Pair leaf(String name, Pair ca, String usage, String sans, String start, String end) throws IOException {
        Path key = key(name);
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        run("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        Path ext = dir.resolve(name + ".ext");
        StringBuilder e = new StringBuilder("[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n")
            .append("extendedKeyUsage=").append(usage).append('\n');
        if (sans != null) {
            e.append("subjectAltName=").append(sans).append('\n');
        }
        Files.writeString(ext, e.toString(), StandardCharsets.UTF_8);
        if (start == null) {
            run("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "365", "-extfile", ext.toString(),
                "-extensions", "leaf");
        } else {
            Path caDir = Files.createDirectories(dir.resolve("ca-" + name));
            Files.writeString(caDir.resolve("index.txt"), "");
            Files.writeString(caDir.resolve("serial"), "1000\n");
            Path cnf = caDir.resolve("ca.cnf");
            Files.writeString(cnf, "[ca]\ndefault_ca=the_ca\n[the_ca]\ndir=" + caDir + "\n"
                + "database=$dir/index.txt\nserial=$dir/serial\nnew_certs_dir=$dir\n"
                + "default_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncommonName=supplied\n");
            run("ca", "-batch", "-config", cnf.toString(), "-cert", ca.cert().toString(), "-keyfile",
                ca.key().toString(), "-in", csr.toString(), "-out", cert.toString(), "-notext",
                "-startdate", start, "-enddate", end, "-extfile", ext.toString(), "-extensions", "leaf");
        }
        return new Pair(cert, key);
    }

    private Path key(String name) throws IOException {
        Path key = dir.resolve(name + ".key");
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        return key;
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(openssl.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
