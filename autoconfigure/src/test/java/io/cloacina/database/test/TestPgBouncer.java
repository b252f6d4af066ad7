package io.cloacina.database.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer in transaction pooling mode in front of {@link TestPostgres}, started once per JVM
 * from the {@code pgbouncer} program (Debian's {@code pgbouncer} package; {@code .ci/run} installs
 * it). Where the program is missing, the tests that need it are skipped with a message saying so.
 * <p>
 * The pooler has {@value #SERVER_CONNECTIONS} server connections per database and user, far fewer than
 * the clients the tests open, so that every client's transactions run on server connections other
 * clients used before: session state left behind by one client is seen by the next, as in production.
 */
public final class TestPgBouncer {

	/**
	 * Server connections per database and user: few, so that clients share them. The system property
	 * {@code cloacina.test.pgbouncer.pool-size} sets another number (the benchmarks give as many as
	 * they have workers).
	 */
	public static final int SERVER_CONNECTIONS = Integer.getInteger("cloacina.test.pgbouncer.pool-size", 2);

	private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/pgbouncer"),
			Path.of("/usr/bin/pgbouncer"), Path.of("/usr/local/bin/pgbouncer"));

	private static Process process;

	private static int port;

	private TestPgBouncer() {
	}

	/**
	 * The {@code pgbouncer} program, if this machine has one.
	 * @return its path
	 */
	public static Optional<Path> program() {
		Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "pgbouncer"));
		return Stream.concat(onPath, CANDIDATES.stream()).filter(Files::isExecutable).findFirst();
	}

	/**
	 * Skip the calling test, with a message saying why, when this machine has no PgBouncer.
	 */
	public static void assumeAvailable() {
		Assumptions.assumeTrue(program().isPresent(),
				"PgBouncer is not installed (apt-get install pgbouncer; .ci/run installs it): "
						+ "the tests behind a transaction pooler are skipped");
	}

	/**
	 * Create an empty database on the PostgreSQL server and give its URL through PgBouncer.
	 * @return a {@code postgresql://} URL to the database through PgBouncer in transaction mode, without
	 * the parameter that tells the starter about the pooler
	 */
	public static String createDatabase() {
		if (program().isEmpty()) {
			assumeAvailable();
		}
		String direct = TestPostgres.createDatabase();
		String prefix = "postgresql://postgres@localhost:" + TestPostgres.server().getPort() + "/";
		if (!direct.startsWith(prefix)) {
			throw new IllegalStateException("Unexpected URL of the test server: " + direct);
		}
		return "postgresql://postgres@localhost:" + port() + "/" + direct.substring(prefix.length());
	}

	/**
	 * Run a query on a plain pgjdbc connection through the pooler, as another application would: it
	 * sees whatever session state earlier clients left on the server session it gets.
	 * @param url a URL from {@link #createDatabase()}, parameters allowed
	 * @param sql a query with one row and one column
	 * @return the value, as text
	 */
	public static String query(String url, String sql) {
		String jdbcUrl = "jdbc:" + url.replaceFirst("^postgresql://postgres@", "postgresql://").replaceFirst("\\?.*$", "");
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("prepareThreshold", "0");
		try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql + " through PgBouncer", ex);
		}
	}

	/**
	 * The port PgBouncer listens on, started on first use and stopped when the JVM exits.
	 * @return the port
	 */
	public static synchronized int port() {
		if (process == null) {
			start();
		}
		return port;
	}

	private static void start() {
		Path program = program()
			.orElseThrow(() -> new IllegalStateException("PgBouncer is not installed (apt-get install pgbouncer)"));
		int serverPort = TestPostgres.server().getPort();
		try {
			Path directory = Files.createTempDirectory("cloacina-pgbouncer");
			port = freePort();
			Path userList = directory.resolve("userlist.txt");
			Files.writeString(userList, "\"postgres\" \"\"\n");
			Path configuration = directory.resolve("pgbouncer.ini");
			Files.writeString(configuration, String.join("\n", "[databases]",
					"* = host=127.0.0.1 port=" + serverPort,
					"[pgbouncer]",
					"listen_addr = 127.0.0.1",
					"listen_port = " + port,
					"unix_socket_dir =",
					"auth_type = trust",
					"auth_file = " + userList,
					"pool_mode = transaction",
					"default_pool_size = " + SERVER_CONNECTIONS,
					"max_client_conn = 500",
					// pgjdbc sends extra_float_digits at start-up, which PgBouncer does not track.
					"ignore_startup_parameters = extra_float_digits",
					"server_lifetime = 3600",
					"log_connections = 0",
					"log_disconnections = 0",
					""));
			List<String> command = new ArrayList<>(List.of(program.toString()));
			if ("root".equals(System.getProperty("user.name"))) {
				// PgBouncer refuses to run as root; it can switch to another user itself.
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
				Files.setPosixFilePermissions(userList, PosixFilePermissions.fromString("rw-r--r--"));
				Files.setPosixFilePermissions(configuration, PosixFilePermissions.fromString("rw-r--r--"));
				command.addAll(List.of("-u", "nobody"));
			}
			command.add(configuration.toString());
			Path log = directory.resolve("pgbouncer.log");
			Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				started.destroy();
				try {
					started.waitFor(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
			while (!accepts(port)) {
				if (!started.isAlive() || System.nanoTime() > deadline) {
					started.destroy();
					throw new IllegalStateException("PgBouncer did not start (" + String.join(" ", command) + "):\n"
							+ Files.readString(log));
				}
				Thread.sleep(50);
			}
			process = started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PgBouncer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting PgBouncer", ex);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
