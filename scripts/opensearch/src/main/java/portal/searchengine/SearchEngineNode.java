package portal.searchengine;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.Version;

/** Runs one OpenSearch node on 127.0.0.1 in the foreground until the process is stopped. */
public final class SearchEngineNode {

    private static final String USAGE =
            "usage: SearchEngineNode HTTP_PORT BASE_DIR"
                    + " (or set SEARCH_PORT and SEARCH_ENGINE_HOME)";

    private static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";

    private SearchEngineNode() {}

    public static void main(String[] args) throws InterruptedException {
        String port = args.length > 0 ? args[0] : System.getenv("SEARCH_PORT");
        String baseDir = args.length > 1 ? args[1] : System.getenv("SEARCH_ENGINE_HOME");
        if (port == null || port.isBlank() || baseDir == null || baseDir.isBlank()) {
            System.err.println(USAGE);
            System.exit(2);
        }
        int httpPort = parsePort(port);

        OpenSearchRunner runner = new OpenSearchRunner();
        // The runner gives node N the HTTP port base + N, after probing localhost for a free one
        // below 9300; the caller already picked a free port, which may well be higher.
        runner.setMaxHttpPort(-1);
        runner.onBuild(
                (nodeNumber, settings) -> {
                    // Loopback only, and never look for other nodes.
                    settings.put("network.host", "127.0.0.1");
                    settings.put("discovery.type", "single-node");
                    // A nearly full disk would otherwise make every index read-only, which
                    // shows up as baffling test failures rather than as a disk problem.
                    settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                    // A test run creates and drops indices by the hundred, each holding the
                    // Dutch word list in its analyzer: measured against the heap in use, garbage
                    // not yet collected tripped the memory breaker and refused requests (429).
                    // The breaker then counts what requests reserve, as before OpenSearch 7.
                    settings.put("indices.breaker.total.use_real_memory", false);
                });

        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        runner.close();
                                    } catch (IOException e) {
                                        System.err.println("Closing the node failed: " + e);
                                    } finally {
                                        closed.countDown();
                                    }
                                },
                                "search-engine-shutdown"));

        try {
            runner.build(
                    newConfigs()
                            .numOfNode(1)
                            .baseHttpPort(httpPort - 1)
                            .basePath(baseDir)
                            .clusterName("portal-search")
                            // Vector search: knn_vector fields and knn queries. Its jars
                            // are on the class path (pom.xml), so it loads like the modules.
                            .pluginTypes(KNN_PLUGIN));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(
                "OpenSearch " + Version.CURRENT + " listening on http://127.0.0.1:" + httpPort);

        // SIGTERM or SIGINT runs the shutdown hook, which closes the node and releases us.
        closed.await();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below like any other bad value.
        }
        System.err.println("Not a TCP port: " + value + "\n" + USAGE);
        System.exit(2);
        return -1;
    }
}
