package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.api.ApiOptions;
import io.stampede.api.HttpApi;
import io.stampede.coordinator.Coordinator;
import io.stampede.demo.DemoAgent;
import io.stampede.demo.DemoAgentOptions;
import io.stampede.engine.WorkerNode;
import io.stampede.engine.WorkerOptions;
import io.stampede.run.CoordinatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import picocli.CommandLine;

/**
 * The coordinator's API over HTTPS from PEM files, as {@code stampede coordinator --tls-cert
 * cert.pem --tls-key key.pem --token-file FILE} reads them (a self-signed certificate for
 * 127.0.0.1, made with keytool and written as PEM here), and {@code stampede run --coordinator
 * https://…} against it: with the certificate in a trust store it runs, without it it stops with
 * a sentence.
 */
@Timeout(120)
class TlsCoordinatorTest {
    private static final String TOKEN = "tls-test-token-0123456789";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static DemoAgent agent;
    static HttpApi api;
    static Path cert;
    static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        Path p12 = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "p12pass",
                "-keypass", "p12pass").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "p12pass".toCharArray());
        }
        Certificate certificate = store.getCertificate("api");
        cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Path key = Files.writeString(dir.resolve("key.pem"),
                pem("PRIVATE KEY", store.getKey("api", "p12pass".toCharArray()).getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("api", certificate);
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "trustpass".toCharArray());
        }
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        CoordinatorCommand command = new CoordinatorCommand();
        new CommandLine(command).parseArgs("--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--token-file", tokenFile.toString());
        ApiOptions options = command.apiOptions();

        vertx = Vertx.vertx();
        agent = Await.result(DemoAgent.start(vertx, new DemoAgentOptions().setHost("127.0.0.1").setPort(0).setLatencyScale(0.05)),
                Duration.ofSeconds(10));
        Await.result(WorkerNode.start(vertx, new WorkerOptions().workerId("w1").lanes(1)), Duration.ofSeconds(10));
        Coordinator coordinator = Await.result(Coordinator.start(vertx, new CoordinatorOptions().dataDir(dir.resolve("results"))
                .startDelayMs(100).closeDelayMs(300)), Duration.ofSeconds(10));
        api = Await.result(HttpApi.start(vertx, coordinator, options), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        Await.result(vertx.close(), Duration.ofSeconds(10));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void thePemCertificateAndKeyServeTheApiOverHttpsAndPlainHttpGetsNoAnswer() throws Exception {
        HttpClient https = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())).setKeepAlive(false));
        int status = Await.result(https.request(HttpMethod.GET, api.port(), "127.0.0.1", "/api/runs")
                .compose(req -> req.putHeader("authorization", "Bearer " + TOKEN).send()).map(r -> r.statusCode()),
                Duration.ofSeconds(10));
        assertThat(status).as("the token from the file, over a verified TLS connection").isEqualTo(200);

        HttpClient plain = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        Throwable refused = null;
        try {
            Await.result(plain.request(HttpMethod.GET, api.port(), "127.0.0.1", "/health/live").compose(req -> req.send()),
                    Duration.ofSeconds(10));
        } catch (Exception e) {
            refused = e;
        }
        assertThat(refused).as("plain HTTP on the HTTPS port").isNotNull();
    }

    @Test
    void runWithAnHttpsCoordinatorTrustsACertificateInTheJvmsTrustStoreAndOtherwiseSaysWhy() throws Exception {
        Path scenario = scenario();
        String url = "https://127.0.0.1:" + api.port();
        Path tokenFile = dir.resolve("token");
        try (WorkerProcess trusted = WorkerProcess.startMain("256m", Main.class, dir, "trusted", Map.of("JAVA_TOOL_OPTIONS",
                "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=trustpass"
                        + " -Djavax.net.ssl.trustStoreType=PKCS12"),
                "run", scenario.toString(), "--coordinator", url, "--token-file", tokenFile.toString())) {
            int exit = trusted.exitCode(Duration.ofSeconds(90));
            assertThat(exit).as(trusted.output()).isZero();
            assertThat(trusted.output()).contains("scenario remote_refunds  done", "PASS");
        }
        try (WorkerProcess untrusted = WorkerProcess.startMain("256m", Main.class, dir, "untrusted", Map.of(),
                "run", scenario.toString(), "--coordinator", url, "--token-file", tokenFile.toString())) {
            int exit = untrusted.exitCode(Duration.ofSeconds(90));
            assertThat(exit).as(untrusted.output()).isEqualTo(ExitCodes.NOT_CARRIED_OUT);
            assertThat(untrusted.output()).contains("cannot reach the coordinator at " + url + ": ",
                    "(is its certificate signed by a CA this JVM trusts? add yours with STAMPEDE_JAVA_OPTS=").doesNotContain("\tat ");
        }
    }

    /** RemoteRunTest's scenario and CSV in a folder of their own, pointed at this test's agent. */
    private static Path scenario() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("scenario"));
        Files.writeString(folder.resolve("users.csv"), resource("users.csv"));
        Path file = folder.resolve("refunds.yaml");
        Files.writeString(file, resource("refunds.yaml").replace("__AGENT_URL__", "http://127.0.0.1:" + agent.port())
                .replace("__DURATION__", "1s").replace("__TOKEN_LIMIT__", "< 1000000"));
        return file;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TlsCoordinatorTest.class.getResourceAsStream("/remote/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
