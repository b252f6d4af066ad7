package io.cloacina.database.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.postgresql.PostgresCopyBulkInserter;
import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.sqlite.SqliteBatchBulkInserter;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;
import org.sqlite.SQLiteConfig;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies every table of one database into the same tables of another, typically from the embedded
 * SQLite file an application started on to the PostgreSQL database it moves to (and back, for a
 * production snapshot on a laptop):
 * <pre class="code">
 * CopyReport report = DatabaseCopy.from("sqlite:data/app.db").to(dataSource).run();
 * </pre>
 * What it does, in one transaction of the target:
 * <ul>
 * <li>reads the source only: a SQLite file is opened read-only (also while the application that owns
 * it runs, in WAL mode), a PostgreSQL source in a read-only repeatable-read transaction; either way
 * every table is read from one snapshot;</li>
 * <li>expects the target's schema to exist (the application's own migrations make it; the run mode
 * {@code cloacina.copy.from} runs them first), every source table and column to be there, and the
 * migration history tables ({@code flyway_schema_history}, Liquibase's {@code databasechangelog})
 * to list the same applied migrations on both sides; those tables are not copied, nor the starter's
 * own {@code cloacina_leader_lock} (leases of running instances, not data);</li>
 * <li>refuses a target whose tables already hold rows, unless {@link #replaceExisting(boolean) told
 * to replace them};</li>
 * <li>copies the tables in foreign-key order through the target's
 * {@link io.cloacina.database.dialect.BulkInserter} ({@code COPY} on PostgreSQL), streamed in chunks
 * of constant memory, converting each value by the PostgreSQL side's column type: a SQLite INTEGER
 * 1/0 to {@code boolean}, a 16-byte BLOB (or UUID text) to {@code uuid}, ISO-8601 text to
 * {@code timestamptz} (to the millisecond, as the value codecs store instants), a BLOB to
 * {@code bytea}, and back;</li>
 * <li>sets PostgreSQL's identity columns and sequences past the copied maximum;</li>
 * <li>reads the target back and compares, per table, the row count and a checksum of the converted
 * values with the source's, then commits; a difference, a value that does not convert or a row the
 * target refuses rolls everything back, with a message that says where and what is accepted.</li>
 * </ul>
 * A progress line is logged every 10 seconds (or given to your own listener), and the report at the
 * end; passwords are masked in every line. A copy killed half-way leaves the target as it was: run
 * it again.
 * <p>
 * Not covered: tables outside the current schema, names that are not plain identifiers, a table
 * whose rows reference later rows of the same table through a foreign key that is not
 * {@code DEFERRABLE} on PostgreSQL.
 *
 * @since 0.1.0
 */
public final class DatabaseCopy {

	private static final Log logger = LogFactory.getLog(DatabaseCopy.class);

	/** The migration tools' history tables: compared, never copied. */
	static final List<String> HISTORY_TABLES = List.of("flyway_schema_history", "databasechangelog",
			"databasechangeloglock");

	/**
	 * The starter's own tables, never copied: the leader lock's leases ({@code LeaseLeaderLock}, on
	 * SQLite and behind a transaction pooler) are state of the running instances, not data, and the
	 * target may not have the table at all (PostgreSQL's leader lock is an advisory lock).
	 */
	static final List<String> STARTER_TABLES = List.of("cloacina_leader_lock");

	private static final int CHUNK_ROWS = 10_000;

	private static final long CHUNK_BYTES = 8L * 1024 * 1024;

	private static final int FETCH_SIZE = 1_000;

	private final DatabaseUrl source;

	private @Nullable DataSource target;

	private @Nullable DatabaseUrl targetUrl;

	private boolean replaceExisting;

	private final Set<String> excluded = new TreeSet<>();

	private Duration progressInterval = Duration.ofSeconds(10);

	private Consumer<CopyProgress> progress = (line) -> logger.info(line);

	private DatabaseCopy(DatabaseUrl source) {
		if (source.inMemory()) {
			throw new DatabaseConfigurationException(
					"An in-memory SQLite database cannot be copied from (" + source.displayUrl() + ")",
					"Copy from a SQLite file or a PostgreSQL database.");
		}
		this.source = source;
	}

	/**
	 * Start a copy from a database.
	 * @param url the source: any URL {@link DatabaseUrl#parse(String)} accepts
	 * @return the copy, to be given a target
	 * @throws io.cloacina.database.InvalidDatabaseUrlException if the URL is not accepted
	 * @throws DatabaseConfigurationException for an in-memory database
	 */
	public static DatabaseCopy from(String url) {
		return new DatabaseCopy(DatabaseUrl.parse(url));
	}

	/**
	 * Start a copy from a database.
	 * @param url the source
	 * @return the copy, to be given a target
	 * @throws DatabaseConfigurationException for an in-memory database
	 */
	public static DatabaseCopy from(DatabaseUrl url) {
		return new DatabaseCopy(Objects.requireNonNull(url, "url"));
	}

	/**
	 * Copy into a data source, typically the application's own; it is not closed.
	 * @param target the target
	 * @return this copy
	 */
	public DatabaseCopy to(DataSource target) {
		this.target = Objects.requireNonNull(target, "target");
		this.targetUrl = null;
		return this;
	}

	/**
	 * Copy into a database, opened for the copy and closed after it.
	 * @param url the target: any URL {@link DatabaseUrl#parse(String)} accepts
	 * @return this copy
	 */
	public DatabaseCopy to(String url) {
		this.targetUrl = DatabaseUrl.parse(url);
		this.target = null;
		return this;
	}

	/**
	 * Whether rows already in the target's tables are deleted first, in the copy's transaction
	 * (default: {@code false}, a target table with rows refuses the copy).
	 * @param replace whether to replace existing rows
	 * @return this copy
	 */
	public DatabaseCopy replaceExisting(boolean replace) {
		this.replaceExisting = replace;
		return this;
	}

	/**
	 * Tables of the source to leave out (their target tables are left as they are).
	 * @param tables the table names, in any case
	 * @return this copy
	 */
	public DatabaseCopy excludeTables(Collection<String> tables) {
		tables.forEach((table) -> this.excluded.add(table.toLowerCase(Locale.ROOT)));
		return this;
	}

	/**
	 * Where progress goes (default: a log line at INFO every 10 seconds).
	 * @param interval how often
	 * @param listener what receives it
	 * @return this copy
	 */
	public DatabaseCopy progress(Duration interval, Consumer<CopyProgress> listener) {
		this.progressInterval = Objects.requireNonNull(interval, "interval");
		this.progress = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Run the copy.
	 * @return what was copied and verified
	 * @throws DatabaseConfigurationException if the copy is refused (the target not empty or not
	 * migrated, different migrations applied, the same database on both sides); nothing was written
	 * @throws DatabaseCopyException if a value does not convert, the target refuses a row or the
	 * verification finds a difference; nothing was copied
	 * @throws DataAccessException if either database fails; nothing was copied
	 */
	public CopyReport run() {
		if (this.target == null && this.targetUrl == null) {
			throw new IllegalStateException("No target: call to(...) before run()");
		}
		CloacinaDataSource owned = (this.targetUrl != null) ? CloacinaDataSource.builder(this.targetUrl).build() : null;
		DataSource targetDataSource = (owned != null) ? owned : Objects.requireNonNull(this.target);
		try (Source from = Source.open(this.source)) {
			Target to = Target.of(targetDataSource);
			TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(targetDataSource));
			CopyReport report = Objects.requireNonNull(transaction.execute((status) -> copy(from, to)));
			logger.info(report);
			return report;
		}
		catch (SQLException ex) {
			throw new DatabaseCopyException("Could not copy from " + this.source.displayUrl() + ": "
					+ ex.getMessage() + ". Nothing was copied.", ex);
		}
		finally {
			if (owned != null) {
				owned.close();
			}
		}
	}

	private CopyReport copy(Source from, Target to) {
		long started = System.nanoTime();
		Connection target = DataSourceUtils.getConnection(to.dataSource);
		try {
			refuseSameDatabase(from, target, to);
			Catalog sourceCatalog = Catalog.read(from.connection, from.backend);
			Catalog targetCatalog = Catalog.read(target, to.backend);
			compareHistory(from, sourceCatalog, target, targetCatalog, to);
			List<TablePlan> plans = plan(sourceCatalog, targetCatalog, from.backend, to.backend, to.display);
			clearOrRefuse(target, plans, to);
			deferForeignKeys(target, to.backend);
			long totalRows = 0;
			for (TablePlan plan : plans) {
				plan.sourceRows = count(from.connection, plan.sourceName);
				totalRows += plan.sourceRows;
			}
			BulkInserter inserter = (to.backend == DatabaseBackend.POSTGRESQL)
					? new PostgresCopyBulkInserter(to.dataSource, new PostgresExceptionTranslator())
					: new SqliteBatchBulkInserter(to.dataSource, new SqliteExceptionTranslator());
			boolean betweenBackends = from.backend != to.backend;
			Tracker tracker = new Tracker(from.display, to.display, plans.size(), totalRows, CopyProgress.Phase.COPYING);
			for (TablePlan plan : plans) {
				plan.sourceDigest = copyTable(plan, from, inserter, betweenBackends, tracker);
				tracker.tableDone();
			}
			if (to.backend == DatabaseBackend.POSTGRESQL) {
				resetSequences(target, plans);
			}
			List<CopyReport.TableReport> tables = verify(target, to, plans, betweenBackends,
					new Tracker(from.display, to.display, plans.size(), totalRows, CopyProgress.Phase.VERIFYING));
			return new CopyReport(from.display, to.display, tables, Duration.ofNanos(System.nanoTime() - started));
		}
		catch (SQLException ex) {
			throw new DatabaseCopyException("Could not copy from " + from.display + " to " + to.display + ": "
					+ ex.getMessage() + ". Nothing was copied: the target's transaction was rolled back.", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(target, to.dataSource);
		}
	}

	private void refuseSameDatabase(Source from, Connection target, Target to) throws SQLException {
		if (from.backend != to.backend) {
			return;
		}
		if (Objects.equals(identity(from.connection, from.backend), identity(target, to.backend))) {
			throw new DatabaseConfigurationException("The source and the target of the copy are the same database ("
					+ from.display + ")", "Set cloacina.copy.from (or DatabaseCopy.from) to the database to copy from, "
					+ "and the application's database to the one to copy to.");
		}
	}

	private static String identity(Connection connection, DatabaseBackend backend) throws SQLException {
		String sql = (backend == DatabaseBackend.SQLITE) ? "SELECT file FROM pragma_database_list WHERE name = 'main'"
				: "SELECT current_database() || '/' || current_schema() || '@' || COALESCE(host(inet_server_addr()), '') "
						+ "|| ':' || COALESCE(inet_server_port(), 0) || '/' || pg_postmaster_start_time()";
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			String identity = result.next() ? result.getString(1) : "";
			if (backend == DatabaseBackend.SQLITE && identity != null && !identity.isEmpty()) {
				try {
					return Path.of(identity).toRealPath().toString();
				}
				catch (java.io.IOException ex) {
					return identity;
				}
			}
			return identity;
		}
	}

	private void compareHistory(Source from, Catalog sourceCatalog, Connection target, Catalog targetCatalog,
			Target to) throws SQLException {
		for (String table : List.of("flyway_schema_history", "databasechangelog")) {
			Set<String> source = applied(from.connection, sourceCatalog, table);
			if (source == null) {
				continue;
			}
			Set<String> migrated = applied(target, targetCatalog, table);
			if (migrated == null) {
				throw new DatabaseConfigurationException("The source has a migration history (" + table
						+ ") and the target " + to.display + " has none: its schema was not made by the same migrations",
						"Let the application's migrations make the target's schema first: run the application on the "
								+ "target with cloacina.copy.from set, which migrates, then copies.");
			}
			if (!source.equals(migrated)) {
				Set<String> onlySource = new TreeSet<>(source);
				onlySource.removeAll(migrated);
				Set<String> onlyTarget = new TreeSet<>(migrated);
				onlyTarget.removeAll(source);
				throw new DatabaseConfigurationException("The source and the target have different migrations applied ("
						+ table + "): only in the source " + onlySource + ", only in the target " + onlyTarget,
						"Copy with the same version of the application that wrote the source: migrate the source "
								+ "first (start that version on it once), or the target to the same version.");
			}
		}
	}

	private static @Nullable Set<String> applied(Connection connection, Catalog catalog, String table)
			throws SQLException {
		CatalogTable history = catalog.tables.get(table);
		if (history == null) {
			return null;
		}
		String sql = table.equals("flyway_schema_history")
				? "SELECT version FROM " + quote(history.name) + " WHERE success = TRUE AND version IS NOT NULL"
				: "SELECT id || ':' || author FROM " + quote(history.name);
		Set<String> versions = new TreeSet<>();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				versions.add(result.getString(1));
			}
		}
		return versions;
	}

	private List<TablePlan> plan(Catalog source, Catalog target, DatabaseBackend from, DatabaseBackend to,
			String targetDisplay) {
		Map<String, TablePlan> plans = new LinkedHashMap<>();
		for (CatalogTable table : source.tables.values()) {
			String key = table.name.toLowerCase(Locale.ROOT);
			if (HISTORY_TABLES.contains(key) || STARTER_TABLES.contains(key) || this.excluded.contains(key)) {
				continue;
			}
			CatalogTable into = target.tables.get(key);
			if (into == null) {
				throw new DatabaseConfigurationException("The source table '" + table.name + "' has no table in the target "
						+ targetDisplay, "Let the application's migrations make the target's schema first (the run mode "
								+ "cloacina.copy.from does), or leave the table out with cloacina.copy.exclude-tables "
								+ "(DatabaseCopy.excludeTables).");
			}
			TablePlan plan = new TablePlan(table.name, into.name);
			for (CatalogColumn column : table.columns.values()) {
				CatalogColumn intoColumn = into.columns.get(column.name.toLowerCase(Locale.ROOT));
				if (intoColumn == null) {
					throw new DatabaseConfigurationException("The source column '" + table.name + "." + column.name
							+ "' has no column in the target's table '" + into.name + "' (" + targetDisplay + ")",
							"Let the same migrations make both schemas, or leave the table out with "
									+ "cloacina.copy.exclude-tables (DatabaseCopy.excludeTables).");
				}
				if (intoColumn.generated) {
					continue;
				}
				plan.sourceColumns.add(column.name);
				plan.targetColumns.add(intoColumn.name);
				plan.types.add(intoColumn.type);
				plan.kinds.add(kind(from, to, column, intoColumn));
			}
			plans.put(key, plan);
		}
		return inForeignKeyOrder(plans, target);
	}

	private static ColumnKind kind(DatabaseBackend from, DatabaseBackend to, CatalogColumn source, CatalogColumn target) {
		if (from == DatabaseBackend.SQLITE && to == DatabaseBackend.SQLITE) {
			return ColumnKind.RAW;
		}
		if (from == DatabaseBackend.POSTGRESQL && to == DatabaseBackend.POSTGRESQL) {
			return ColumnKind.TEXT;
		}
		return ColumnKind.ofPostgres((to == DatabaseBackend.POSTGRESQL) ? target.type : source.type);
	}

	/** Referenced tables first (the target's foreign keys); a cycle keeps the source's order for its tables. */
	private static List<TablePlan> inForeignKeyOrder(Map<String, TablePlan> plans, Catalog target) {
		List<TablePlan> ordered = new ArrayList<>();
		Set<String> done = new LinkedHashSet<>();
		boolean progressed = true;
		while (ordered.size() < plans.size() && progressed) {
			progressed = false;
			for (Map.Entry<String, TablePlan> entry : plans.entrySet()) {
				if (done.contains(entry.getKey())) {
					continue;
				}
				Set<String> references = target.tables.get(entry.getKey()).references;
				boolean ready = references.stream()
					.allMatch((referenced) -> referenced.equals(entry.getKey()) || done.contains(referenced)
							|| !plans.containsKey(referenced));
				if (ready) {
					ordered.add(entry.getValue());
					done.add(entry.getKey());
					progressed = true;
				}
			}
		}
		plans.forEach((key, plan) -> {
			if (!done.contains(key)) {
				ordered.add(plan);
			}
		});
		return ordered;
	}

	private void clearOrRefuse(Connection target, List<TablePlan> plans, Target to) throws SQLException {
		List<String> withRows = new ArrayList<>();
		for (TablePlan plan : plans) {
			try (Statement statement = target.createStatement();
					ResultSet result = statement.executeQuery("SELECT 1 FROM " + quote(plan.targetName) + " LIMIT 1")) {
				if (result.next()) {
					withRows.add(plan.targetName);
				}
			}
		}
		if (withRows.isEmpty()) {
			return;
		}
		if (!this.replaceExisting) {
			throw new DatabaseConfigurationException("The target " + to.display + " already has rows in " + withRows
					+ ": the copy writes only into empty tables",
					"Copy into a new database, or replace the rows there with cloacina.copy.replace-existing=true "
							+ "(DatabaseCopy.replaceExisting(true)): they are deleted in the copy's transaction.");
		}
		for (int i = plans.size() - 1; i >= 0; i--) {
			try (Statement statement = target.createStatement()) {
				statement.executeUpdate("DELETE FROM " + quote(plans.get(i).targetName));
			}
		}
	}

	private static void deferForeignKeys(Connection target, DatabaseBackend backend) throws SQLException {
		try (Statement statement = target.createStatement()) {
			// Checked at commit instead of per statement, where that is possible.
			statement.execute((backend == DatabaseBackend.SQLITE) ? "PRAGMA defer_foreign_keys = ON"
					: "SET CONSTRAINTS ALL DEFERRED");
		}
	}

	private static long count(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Copy one table: a reader thread reads, converts and checksums the source's rows into chunks
	 * while this thread (which holds the target's transaction) inserts the chunk before, so that the
	 * two databases work at the same time. At most two chunks wait between them: memory stays
	 * constant whatever the table's size.
	 */
	private RowDigest copyTable(TablePlan plan, Source from, BulkInserter inserter, boolean betweenBackends,
			Tracker tracker) throws SQLException {
		ChunkReader reader = new ChunkReader(plan, from, betweenBackends);
		Thread thread = new Thread(reader, "cloacina-copy-reader");
		thread.setDaemon(true);
		thread.start();
		try {
			while (true) {
				Chunk chunk = reader.take();
				if (chunk.failure != null) {
					throw chunk.failure;
				}
				insert(inserter, plan, chunk.rows, chunk.first, chunk.first + chunk.rows.size() - 1);
				tracker.add(plan.targetName, chunk.rows.size(), chunk.bytes);
				tracker.maybeReport(this.progressInterval, this.progress);
				if (chunk.last) {
					return reader.digest;
				}
			}
		}
		finally {
			reader.stop();
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Reads one table of the source into chunks of converted rows, on a thread of its own. */
	private static final class ChunkReader implements Runnable {

		private final TablePlan plan;

		private final Source from;

		private final ColumnKind[] kinds;

		final RowDigest digest;

		private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(2);

		private volatile boolean stopped;

		ChunkReader(TablePlan plan, Source from, boolean betweenBackends) {
			this.plan = plan;
			this.from = from;
			this.kinds = plan.kinds.toArray(new ColumnKind[0]);
			this.digest = new RowDigest(betweenBackends);
		}

		@Override
		public void run() {
			try {
				read();
			}
			catch (SQLException ex) {
				put(new Chunk(List.of(), 0, 0, true, new DatabaseCopyException("Could not read table '"
						+ this.plan.sourceName + "' of the source: " + ex.getMessage()
						+ ". Nothing was copied: the target's transaction was rolled back.", ex)));
			}
			catch (RuntimeException ex) {
				put(new Chunk(List.of(), 0, 0, true, ex));
			}
			catch (Error ex) {
				// Handed over, so that the inserting thread does not wait for a chunk that never comes.
				put(new Chunk(List.of(), 0, 0, true, new DatabaseCopyException("Could not read table '"
						+ this.plan.sourceName + "' of the source: " + ex
						+ ". Nothing was copied: the target's transaction was rolled back.", ex)));
				throw ex;
			}
		}

		private void read() throws SQLException {
			int columns = this.kinds.length;
			String sql = "SELECT " + quotedList(this.plan.sourceColumns) + " FROM " + quote(this.plan.sourceName);
			try (Statement statement = this.from.connection.createStatement()) {
				statement.setFetchSize(FETCH_SIZE);
				try (ResultSet result = statement.executeQuery(sql)) {
					List<Object[]> rows = new ArrayList<>();
					long first = 1;
					long bytesAtChunk = 0;
					long row = 0;
					while (result.next()) {
						if (this.stopped) {
							return;
						}
						row++;
						Object[] values = new Object[columns];
						for (int i = 0; i < columns; i++) {
							try {
								values[i] = this.kinds[i].read(result, i + 1, this.from.backend);
							}
							catch (IllegalArgumentException ex) {
								throw new DatabaseCopyException("Could not copy table '" + this.plan.sourceName
										+ "', column '" + this.plan.sourceColumns.get(i) + "' (" + this.plan.types.get(i)
										+ " in the target), row " + row + ": " + ex.getMessage()
										+ ". Nothing was copied: the target's transaction was rolled back.", ex);
							}
							this.digest.value(values[i], this.kinds[i]);
						}
						this.digest.endRow();
						rows.add(values);
						if (rows.size() >= CHUNK_ROWS || this.digest.bytes() - bytesAtChunk >= CHUNK_BYTES) {
							put(new Chunk(rows, first, this.digest.bytes() - bytesAtChunk, false, null));
							rows = new ArrayList<>();
							first = row + 1;
							bytesAtChunk = this.digest.bytes();
						}
					}
					put(new Chunk(rows, first, this.digest.bytes() - bytesAtChunk, true, null));
				}
			}
		}

		private void put(Chunk chunk) {
			try {
				while (!this.stopped && !this.chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
					// The inserting thread is still busy with the chunk before.
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		Chunk take() {
			try {
				return this.chunks.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DatabaseCopyException("The copy was interrupted. Nothing was copied: the target's "
						+ "transaction was rolled back.", ex);
			}
		}

		void stop() {
			this.stopped = true;
			this.chunks.clear();
		}

	}

	/** Converted rows on their way from the reader to the target, or the reader's failure. */
	private record Chunk(List<Object[]> rows, long first, long bytes, boolean last, @Nullable RuntimeException failure) {

	}

	private static void insert(BulkInserter inserter, TablePlan plan, List<Object[]> chunk, long first, long last) {
		if (chunk.isEmpty()) {
			return;
		}
		try {
			inserter.insert(plan.targetName, plan.targetColumns, chunk);
		}
		catch (DataAccessException ex) {
			throw new DatabaseCopyException("Could not copy table '" + plan.sourceName + "': the target refused one of rows "
					+ first + " to " + last + " (in the source's order): " + ex.getMostSpecificCause().getMessage()
					+ ". Nothing was copied: the target's transaction was rolled back.", ex);
		}
	}

	private static void resetSequences(Connection target, List<TablePlan> plans) throws SQLException {
		for (TablePlan plan : plans) {
			for (int i = 0; i < plan.targetColumns.size(); i++) {
				String sequence;
				try (PreparedStatement statement = target.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
					statement.setString(1, quote(plan.targetName));
					statement.setString(2, plan.targetColumns.get(i));
					try (ResultSet result = statement.executeQuery()) {
						sequence = result.next() ? result.getString(1) : null;
					}
				}
				if (sequence != null) {
					String column = quote(plan.targetColumns.get(i));
					try (PreparedStatement statement = target.prepareStatement("SELECT setval(?, COALESCE((SELECT MAX("
							+ column + ") FROM " + quote(plan.targetName) + "), 0) + 1, false)")) {
						statement.setString(1, sequence);
						statement.execute();
					}
				}
			}
		}
	}

	private List<CopyReport.TableReport> verify(Connection target, Target to, List<TablePlan> plans,
			boolean betweenBackends, Tracker tracker) throws SQLException {
		List<CopyReport.TableReport> reports = new ArrayList<>();
		for (TablePlan plan : plans) {
			RowDigest digest = new RowDigest(betweenBackends);
			ColumnKind[] kinds = plan.kinds.toArray(new ColumnKind[0]);
			String sql = "SELECT " + quotedList(plan.targetColumns) + " FROM " + quote(plan.targetName);
			try (PreparedStatement statement = target.prepareStatement(sql)) {
				statement.setFetchSize(FETCH_SIZE);
				if (to.binaryReads && betweenBackends) {
					// PostgreSQL sends uuid, timestamptz and numbers in binary: far less to parse than text.
					// Not from PostgreSQL to PostgreSQL: there values are compared in the server's own text
					// form, which pgjdbc does not reproduce from binary (time zones, float digits).
					statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
				}
				try (ResultSet result = statement.executeQuery()) {
					long bytesBefore = 0;
					while (result.next()) {
						for (int i = 0; i < kinds.length; i++) {
							Object value;
							try {
								value = kinds[i].read(result, i + 1, to.backend);
							}
							catch (IllegalArgumentException ex) {
								throw mismatch(plan, "column '" + plan.targetColumns.get(i) + "' reads back as "
										+ ex.getMessage());
							}
							digest.value(value, kinds[i]);
						}
						digest.endRow();
						if (digest.rows() % FETCH_SIZE == 0) {
							tracker.add(plan.targetName, FETCH_SIZE, digest.bytes() - bytesBefore);
							bytesBefore = digest.bytes();
							tracker.maybeReport(this.progressInterval, this.progress);
						}
					}
					tracker.add(plan.targetName, digest.rows() % FETCH_SIZE, digest.bytes() - bytesBefore);
					tracker.maybeReport(this.progressInterval, this.progress);
				}
			}
			RowDigest source = Objects.requireNonNull(plan.sourceDigest);
			if (digest.rows() != source.rows() || !digest.checksum().equals(source.checksum())) {
				throw mismatch(plan, "the source has " + source.rows() + " rows with checksum " + source.checksum()
						+ ", the target " + digest.rows() + " rows with checksum " + digest.checksum()
						+ " (a value the target stores differently, e.g. a number beyond its column's precision)");
			}
			tracker.tableDone();
			reports.add(new CopyReport.TableReport(plan.targetName, source.rows(), source.bytes(), source.checksum()));
		}
		return reports;
	}

	private static DatabaseCopyException mismatch(TablePlan plan, String detail) {
		return new DatabaseCopyException("The copy of table '" + plan.sourceName + "' did not verify: " + detail
				+ ". Nothing was copied: the target's transaction was rolled back.", null);
	}

	private static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	private static String quotedList(List<String> identifiers) {
		StringBuilder list = new StringBuilder();
		for (String identifier : identifiers) {
			list.append((list.length() > 0) ? ", " : "").append(quote(identifier));
		}
		return list.toString();
	}

	/** The source: one connection, read-only, one snapshot. */
	private static final class Source implements AutoCloseable {

		final Connection connection;

		final DatabaseBackend backend;

		final String display;

		private final @Nullable CloacinaDataSource pool;

		private Source(Connection connection, DatabaseBackend backend, String display, @Nullable CloacinaDataSource pool) {
			this.connection = connection;
			this.backend = backend;
			this.display = display;
			this.pool = pool;
		}

		static Source open(DatabaseUrl url) throws SQLException {
			if (url.backend() == DatabaseBackend.SQLITE) {
				Path file = url.file();
				if (file != null && !Files.isRegularFile(file)) {
					throw new DatabaseConfigurationException("The SQLite file to copy from does not exist: "
							+ url.displayUrl(), "Give the path of the application's database file, e.g. sqlite:data/app.db.");
				}
				Properties properties = new Properties();
				properties.putAll(url.properties());
				SQLiteConfig config = new SQLiteConfig(properties);
				config.setReadOnly(true);
				if (!properties.containsKey("busy_timeout")) {
					config.setBusyTimeout(30_000);
				}
				Connection connection = config.createConnection(url.jdbcUrl());
				connection.setAutoCommit(false);
				return new Source(connection, DatabaseBackend.SQLITE, url.displayUrl(), null);
			}
			CloacinaDataSource pool = CloacinaDataSource.builder(url).build();
			pool.setMaximumPoolSize(1);
			try {
				Connection connection = pool.getConnection();
				connection.setAutoCommit(false);
				connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
				connection.setReadOnly(true);
				return new Source(connection, DatabaseBackend.POSTGRESQL, url.displayUrl(), pool);
			}
			catch (SQLException | RuntimeException ex) {
				pool.close();
				throw ex;
			}
		}

		@Override
		public void close() throws SQLException {
			try {
				this.connection.rollback();
				this.connection.close();
			}
			finally {
				if (this.pool != null) {
					this.pool.close();
				}
			}
		}

	}

	/** The target: a data source and what it is. */
	private static final class Target {

		final DataSource dataSource;

		final DatabaseBackend backend;

		final String display;

		/** Whether reads may use a named server-side statement, for binary results: not behind a transaction pooler. */
		final boolean binaryReads;

		private Target(DataSource dataSource, DatabaseBackend backend, String display, boolean binaryReads) {
			this.dataSource = dataSource;
			this.backend = backend;
			this.display = display;
			this.binaryReads = binaryReads;
		}

		static Target of(DataSource dataSource) throws SQLException {
			CloacinaDataSource cloacina = (dataSource instanceof CloacinaDataSource direct) ? direct
					: dataSource.isWrapperFor(CloacinaDataSource.class) ? dataSource.unwrap(CloacinaDataSource.class) : null;
			if (cloacina != null) {
				return new Target(dataSource, cloacina.getBackend(), cloacina.getDisplayUrl(),
						cloacina.getBackend() == DatabaseBackend.POSTGRESQL && !cloacina.getPooler().sharesSessions());
			}
			try (Connection connection = dataSource.getConnection()) {
				DatabaseMetaData metaData = connection.getMetaData();
				String product = metaData.getDatabaseProductName();
				String display = DatabaseUrl.mask(metaData.getURL());
				for (DatabaseBackend backend : DatabaseBackend.values()) {
					if (backend.productName().equalsIgnoreCase(product)) {
						return new Target(dataSource, backend, display, false);
					}
				}
				throw new DatabaseConfigurationException("The copy's target is a " + product + " database (" + display + ")",
						"Copy into PostgreSQL or SQLite.");
			}
		}

	}

	/** The tables of the current schema, their columns and the tables they reference. */
	private static final class Catalog {

		final Map<String, CatalogTable> tables = new LinkedHashMap<>();

		static Catalog read(Connection connection, DatabaseBackend backend) throws SQLException {
			Catalog catalog = new Catalog();
			if (backend == DatabaseBackend.SQLITE) {
				List<String> names = strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' "
						+ "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
				for (String name : names) {
					CatalogTable table = new CatalogTable(name);
					try (Statement statement = connection.createStatement();
							ResultSet result = statement.executeQuery("PRAGMA table_xinfo(" + quote(name) + ")")) {
						while (result.next()) {
							int hidden = result.getInt("hidden");
							String column = result.getString("name");
							table.columns.put(column.toLowerCase(Locale.ROOT),
									new CatalogColumn(column, result.getString("type"), hidden != 0));
						}
					}
					table.references.addAll(lower(strings(connection,
							"SELECT \"table\" FROM pragma_foreign_key_list(" + literal(name) + ")")));
					catalog.tables.put(name.toLowerCase(Locale.ROOT), table);
				}
				return catalog;
			}
			List<String> names = strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
					+ "AND NOT c.relispartition ORDER BY c.oid");
			for (String name : names) {
				CatalogTable table = new CatalogTable(name);
				try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname, t.typname, "
						+ "a.attgenerated <> '' FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
						+ "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
					statement.setString(1, quote(name));
					try (ResultSet result = statement.executeQuery()) {
						while (result.next()) {
							String column = result.getString(1);
							table.columns.put(column.toLowerCase(Locale.ROOT),
									new CatalogColumn(column, result.getString(2), result.getBoolean(3)));
						}
					}
				}
				try (PreparedStatement statement = connection.prepareStatement("SELECT r.relname FROM pg_constraint k "
						+ "JOIN pg_class r ON r.oid = k.confrelid WHERE k.contype = 'f' AND k.conrelid = ?::regclass")) {
					statement.setString(1, quote(name));
					try (ResultSet result = statement.executeQuery()) {
						while (result.next()) {
							table.references.add(result.getString(1).toLowerCase(Locale.ROOT));
						}
					}
				}
				catalog.tables.put(name.toLowerCase(Locale.ROOT), table);
			}
			return catalog;
		}

		private static List<String> strings(Connection connection, String sql) throws SQLException {
			List<String> values = new ArrayList<>();
			try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
				while (result.next()) {
					values.add(result.getString(1));
				}
			}
			return values;
		}

		private static List<String> lower(List<String> names) {
			return names.stream().map((name) -> name.toLowerCase(Locale.ROOT)).toList();
		}

		private static String literal(String text) {
			return "'" + text.replace("'", "''") + "'";
		}

	}

	private static final class CatalogTable {

		final String name;

		final Map<String, CatalogColumn> columns = new LinkedHashMap<>();

		final Set<String> references = new LinkedHashSet<>();

		CatalogTable(String name) {
			this.name = name;
		}

	}

	private record CatalogColumn(String name, String type, boolean generated) {

	}

	/** One table to copy: its columns on both sides and how each value converts. */
	private static final class TablePlan {

		final String sourceName;

		final String targetName;

		final List<String> sourceColumns = new ArrayList<>();

		final List<String> targetColumns = new ArrayList<>();

		final List<String> types = new ArrayList<>();

		final List<ColumnKind> kinds = new ArrayList<>();

		long sourceRows;

		@Nullable RowDigest sourceDigest;

		TablePlan(String sourceName, String targetName) {
			this.sourceName = sourceName;
			this.targetName = targetName;
		}

	}

	/** Rows and bytes so far, for the progress lines. */
	private static final class Tracker {

		private final String source;

		private final String target;

		private final int tablesTotal;

		private final long totalRows;

		private final CopyProgress.Phase phase;

		private final long started = System.nanoTime();

		private long lastReport = this.started;

		private int tablesDone;

		private long rows;

		private long bytes;

		private String table = "";

		Tracker(String source, String target, int tablesTotal, long totalRows, CopyProgress.Phase phase) {
			this.source = source;
			this.target = target;
			this.tablesTotal = tablesTotal;
			this.totalRows = totalRows;
			this.phase = phase;
		}

		void add(String table, long rows, long bytes) {
			this.table = table;
			this.rows += rows;
			this.bytes += bytes;
		}

		void tableDone() {
			this.tablesDone++;
		}

		void maybeReport(Duration interval, Consumer<CopyProgress> listener) {
			long now = System.nanoTime();
			if (now - this.lastReport >= interval.toNanos()) {
				this.lastReport = now;
				listener.accept(new CopyProgress(this.source, this.target, this.phase, this.table, this.tablesDone,
						this.tablesTotal, this.rows, this.totalRows, this.bytes, Duration.ofNanos(now - this.started)));
			}
		}

	}

}
