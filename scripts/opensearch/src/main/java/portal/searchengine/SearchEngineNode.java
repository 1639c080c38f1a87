package portal.searchengine;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.Version;

/**
 * Runs one OpenSearch node on 127.0.0.1 in the foreground until the process is stopped.
 *
 * <p>On its own the node is a cluster of one. To join several nodes, each in a process of its
 * own so that one can be killed while the others serve, give each one the same
 * SEARCH_CLUSTER_NODES (every node's name, comma-separated) and SEARCH_CLUSTER_TRANSPORT_PORTS
 * (every node's transport port, in the same order), and its own SEARCH_NODE_NAME.
 */
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
        Cluster cluster = Cluster.fromEnvironment();

        OpenSearchRunner runner = new OpenSearchRunner();
        // The runner gives node N the HTTP port base + N, after probing localhost for a free one
        // below 9300; the caller already picked a free port, which may well be higher.
        runner.setMaxHttpPort(-1);
        runner.onBuild(
                (nodeNumber, settings) -> {
                    // Loopback only; other nodes only those of the cluster named.
                    settings.put("network.host", "127.0.0.1");
                    if (cluster == null) {
                        settings.put("discovery.type", "single-node");
                    } else {
                        settings.put("discovery.type", "zen");
                        settings.put("node.name", cluster.nodeName);
                        settings.put("transport.port", cluster.transportPort);
                        settings.putList("discovery.seed_hosts", cluster.seedHosts);
                        settings.putList(
                                "cluster.initial_cluster_manager_nodes", cluster.nodeNames);
                    }
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

    /** This node's place in a cluster of several processes, from the environment. */
    private static final class Cluster {
        final String nodeName;
        final String transportPort;
        final List<String> nodeNames;
        final List<String> seedHosts;

        private Cluster(String nodeName, List<String> nodeNames, List<String> ports) {
            this.nodeName = nodeName;
            this.nodeNames = nodeNames;
            this.transportPort = ports.get(nodeNames.indexOf(nodeName));
            this.seedHosts = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        }

        /** Null when the node runs on its own. */
        static Cluster fromEnvironment() {
            String names = System.getenv("SEARCH_CLUSTER_NODES");
            if (names == null || names.isBlank()) {
                return null;
            }
            List<String> nodeNames = split(names);
            List<String> ports =
                    split(System.getenv().getOrDefault("SEARCH_CLUSTER_TRANSPORT_PORTS", ""));
            String nodeName = System.getenv().getOrDefault("SEARCH_NODE_NAME", "");
            if (ports.size() != nodeNames.size() || !nodeNames.contains(nodeName)) {
                System.err.println(
                        "SEARCH_CLUSTER_NODES and SEARCH_CLUSTER_TRANSPORT_PORTS must name as many"
                                + " nodes as ports, and SEARCH_NODE_NAME one of the nodes.");
                System.exit(2);
            }
            ports.forEach(SearchEngineNode::parsePort);
            return new Cluster(nodeName, nodeNames, ports);
        }

        private static List<String> split(String value) {
            return Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(part -> !part.isEmpty())
                    .toList();
        }
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
