// vankien's Neo4j server: Neo4j 5 Community, embedded, configured by HOME/neo4j.conf
// (written by graph.neo4j_server: Bolt on 127.0.0.1, auth off, a small page cache).
// Run as a single-file program, no build step:
//   java -Xmx1g --add-opens ... -cp 'LIB/*' Launcher.java HOME
// Prints "vankien-neo4j ready" once the default database is up; stops cleanly on SIGTERM
// or Ctrl-C through a shutdown hook (it never reads stdin).
import java.nio.file.Path;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Launcher HOME  (HOME/neo4j.conf holds the settings)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
            .loadPropertiesFromFile(home.resolve("neo4j.conf"))
            .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "vankien-neo4j-shutdown"));
        dbms.database("neo4j").executeTransactionally("RETURN 1");  // fail now if the database is not up
        System.out.println("vankien-neo4j ready");
        System.out.flush();
        Thread.currentThread().join();  // until SIGTERM runs the hook and the JVM exits
    }
}
