package io.cloacina.database.postgresql;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * Connections to PostgreSQL through a pooler in transaction mode (PgBouncer's {@code pool_mode =
 * transaction}, the poolers of managed services), where consecutive transactions of one client run
 * on different server sessions and a session's state is seen by whichever client runs on it next.
 * <p>
 * The state JDBC code sets for a session is kept here, per client connection, and applied to every
 * transaction instead, with statements that end with the transaction:
 * <ul>
 * <li>the schema ({@code cloacina.database.schema}, {@link Connection#setSchema}) as
 * {@code SET LOCAL search_path} before the first statement of each transaction;</li>
 * <li>the isolation level ({@link Connection#setTransactionIsolation}) as {@code SET TRANSACTION
 * ISOLATION LEVEL}, where pgjdbc would change the session's default;</li>
 * <li>a search path set for the session in SQL, as Flyway does ({@code SELECT set_config('search_path',
 * ?, false)}) and as {@code SET [SESSION] search_path TO ...} does: the statement runs with its
 * transaction-local form, and the search path is kept for the connection's later transactions.</li>
 * </ul>
 * An auto-commit statement with such state runs in a transaction of its own (the state, the
 * statement, a commit), as it would without the pooler. Without such state every call goes straight
 * to pgjdbc, and the connection costs nothing per statement.
 */
final class TransactionPoolerConnections implements DataSource {

	private static final Driver DRIVER = new Driver();

	/** Flyway's way of setting the search path, for the session. */
	private static final Pattern SET_CONFIG_SEARCH_PATH = Pattern
		.compile("(?is)(\\s*SELECT\\s+set_config\\s*\\(\\s*'search_path'\\s*,\\s*\\?\\s*,\\s*)false(\\s*\\)\\s*;?\\s*)");

	/** {@code SET search_path}, for the session. */
	private static final Pattern SET_SEARCH_PATH = Pattern
		.compile("(?is)\\s*SET\\s+(?:SESSION\\s+)?search_path\\s*(?:TO|=)\\s*(.*?)\\s*;?\\s*");

	private final String jdbcUrl;

	private final Properties properties;

	private final @Nullable String schema;

	/**
	 * Create the connection source.
	 * @param jdbcUrl the {@code jdbc:postgresql:} URL
	 * @param properties pgjdbc properties, {@code prepareThreshold=0} among them
	 * @param schema the application's schema, or {@code null} for the server's search path
	 */
	TransactionPoolerConnections(String jdbcUrl, Properties properties, @Nullable String schema) {
		this.jdbcUrl = jdbcUrl;
		this.properties = properties;
		this.schema = schema;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return connect(this.properties);
	}

	@Override
	public Connection getConnection(@Nullable String username, @Nullable String password) throws SQLException {
		Properties withCredentials = new Properties();
		withCredentials.putAll(this.properties);
		if (username != null) {
			withCredentials.setProperty("user", username);
		}
		if (password != null) {
			withCredentials.setProperty("password", password);
		}
		return connect(withCredentials);
	}

	private Connection connect(Properties properties) throws SQLException {
		Connection connection = DRIVER.connect(this.jdbcUrl, properties);
		if (connection == null) {
			throw new SQLException("The PostgreSQL driver does not accept the URL " + this.jdbcUrl, "08001");
		}
		return wrap(connection, this.schema);
	}

	/**
	 * Wrap a pgjdbc connection.
	 * @param connection the connection, in auto-commit mode
	 * @param schema the schema every transaction runs in, or {@code null} for the server's search path
	 * @return the connection that keeps its session state per transaction
	 */
	static Connection wrap(Connection connection, @Nullable String schema) {
		return (Connection) Proxy.newProxyInstance(TransactionPoolerConnections.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new ConnectionHandler(connection, schema));
	}

	@Override
	public @Nullable PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(@Nullable PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		throw new SQLException("Not a wrapper of " + type.getName());
	}

	@Override
	public boolean isWrapperFor(Class<?> type) {
		return type.isInstance(this);
	}

	private static Object invoke(Object target, Method method, @Nullable Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** The session state of one client connection and the transaction it is in. */
	static final class ConnectionHandler implements InvocationHandler {

		private final Connection connection;

		/** The schema as configured, or {@code null}: what {@link Connection#setSchema} returns to. */
		private final @Nullable String configuredSchema;

		private @Nullable String schema;

		/**
		 * A search path set in SQL for the session: the statement that sets it for a transaction, or
		 * {@code null}. Takes precedence over the schema until the schema is set again.
		 */
		private @Nullable String searchPathSql;

		/** The schema name {@link Connection#getSchema()} reports without one set. */
		private @Nullable String serverSchema;

		/** The isolation level set, or -1 for the server's default. */
		private int isolation = -1;

		private int serverIsolation = -1;

		private boolean autoCommit = true;

		/** Whether the state has been applied to the current transaction (not in auto-commit mode). */
		private boolean applied;

		private @Nullable Connection proxy;

		ConnectionHandler(Connection connection, @Nullable String schema) {
			this.connection = connection;
			this.configuredSchema = schema;
			this.schema = schema;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
			this.proxy = (Connection) proxy;
			switch (method.getName()) {
				case "setAutoCommit":
					setAutoCommit((Boolean) Objects.requireNonNull(arguments)[0]);
					return null;
				case "getAutoCommit":
					checkOpen();
					return this.autoCommit;
				case "commit":
				case "rollback":
					if (arguments == null || arguments.length == 0) {
						Object result = TransactionPoolerConnections.invoke(this.connection, method, arguments);
						this.applied = false;
						return result;
					}
					break;
				case "setSavepoint":
					// A savepoint rolled back would undo the state applied after it: apply it before.
					beforeStatement();
					break;
				case "setTransactionIsolation":
					setTransactionIsolation((Integer) Objects.requireNonNull(arguments)[0]);
					return null;
				case "getTransactionIsolation":
					return getTransactionIsolation();
				case "setSchema":
					setSchema((String) Objects.requireNonNull(arguments)[0]);
					return null;
				case "getSchema":
					return getSchema();
				case "createStatement":
					return statement((Statement) TransactionPoolerConnections.invoke(this.connection, method, arguments),
							method.getReturnType(), false);
				case "prepareStatement":
				case "prepareCall": {
					Object[] args = Objects.requireNonNull(arguments);
					Matcher setConfig = SET_CONFIG_SEARCH_PATH.matcher((String) args[0]);
					boolean searchPath = setConfig.matches();
					if (searchPath) {
						// The same call for the transaction only; the value is kept for the later ones.
						args[0] = setConfig.group(1) + "true" + setConfig.group(2);
					}
					return statement((Statement) TransactionPoolerConnections.invoke(this.connection, method, args),
							method.getReturnType(), searchPath);
				}
				case "unwrap":
					// COPY and other pgjdbc calls made on the driver's connection run in this transaction.
					beforeStatement();
					break;
				case "toString":
					return "Connection through a transaction pooler: " + this.connection;
				case "equals":
					return proxy == Objects.requireNonNull(arguments)[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				default:
					break;
			}
			return TransactionPoolerConnections.invoke(this.connection, method, arguments);
		}

		private void checkOpen() throws SQLException {
			if (this.connection.isClosed()) {
				throw new SQLException("This connection has been closed.", "08003");
			}
		}

		private void setAutoCommit(boolean autoCommit) throws SQLException {
			this.connection.setAutoCommit(autoCommit);
			if (autoCommit != this.autoCommit) {
				this.applied = false;
			}
			this.autoCommit = autoCommit;
		}

		private void setTransactionIsolation(int level) throws SQLException {
			checkOpen();
			if (level != Connection.TRANSACTION_READ_UNCOMMITTED && level != Connection.TRANSACTION_READ_COMMITTED
					&& level != Connection.TRANSACTION_REPEATABLE_READ && level != Connection.TRANSACTION_SERIALIZABLE) {
				throw new SQLException("Transaction isolation level " + level + " not supported.", "0A000");
			}
			if (!this.autoCommit && this.applied) {
				throw new SQLException("Cannot change transaction isolation level in the middle of a transaction.",
						"25001");
			}
			this.isolation = (level == serverIsolation()) ? -1 : level;
		}

		private int getTransactionIsolation() throws SQLException {
			checkOpen();
			return (this.isolation != -1) ? this.isolation : serverIsolation();
		}

		private int serverIsolation() throws SQLException {
			if (this.serverIsolation == -1) {
				// The server's default_transaction_isolation, the same on every session of the database.
				this.serverIsolation = this.connection.getTransactionIsolation();
			}
			return this.serverIsolation;
		}

		private void setSchema(@Nullable String schema) throws SQLException {
			checkOpen();
			this.searchPathSql = null;
			if (schema == null || schema.equals(this.configuredSchema)
					|| (this.configuredSchema == null && schema.equals(this.serverSchema))) {
				this.schema = this.configuredSchema;
			}
			else {
				this.schema = schema;
			}
		}

		private @Nullable String getSchema() throws SQLException {
			checkOpen();
			if (this.searchPathSql != null) {
				try (Statement statement = statement(this.connection.createStatement(), Statement.class, false);
						var result = statement.executeQuery("SELECT current_schema()")) {
					result.next();
					return result.getString(1);
				}
			}
			if (this.schema != null) {
				return this.schema;
			}
			if (this.serverSchema == null) {
				this.serverSchema = this.connection.getSchema();
			}
			return this.serverSchema;
		}

		/** The statements that apply the session state to a transaction, or {@code null} if none. */
		private @Nullable String stateSql() {
			String isolationSql = switch (this.isolation) {
				case Connection.TRANSACTION_READ_UNCOMMITTED -> "SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED";
				case Connection.TRANSACTION_READ_COMMITTED -> "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
				case Connection.TRANSACTION_REPEATABLE_READ -> "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
				case Connection.TRANSACTION_SERIALIZABLE -> "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
				default -> null;
			};
			String schemaSql = (this.searchPathSql != null) ? this.searchPathSql
					: (this.schema != null) ? PostgresSchemas.setLocalSql(this.schema) : null;
			if (isolationSql == null) {
				return schemaSql;
			}
			return (schemaSql == null) ? isolationSql : isolationSql + "; " + schemaSql;
		}

		/** In a transaction, apply the state before its first statement. */
		void beforeStatement() throws SQLException {
			if (!this.autoCommit && !this.applied) {
				String sql = stateSql();
				if (sql != null) {
					try (Statement statement = this.connection.createStatement()) {
						statement.execute(sql);
					}
				}
				this.applied = true;
			}
		}

		/**
		 * Run an auto-commit statement in a transaction of its own with the state applied, or as it is
		 * when there is no state.
		 */
		@Nullable Object execute(Statement statement, Method method, @Nullable Object[] arguments) throws Throwable {
			if (!this.autoCommit) {
				beforeStatement();
				return TransactionPoolerConnections.invoke(statement, method, arguments);
			}
			String sql = stateSql();
			if (sql == null) {
				return TransactionPoolerConnections.invoke(statement, method, arguments);
			}
			// pgjdbc fetches in portals outside auto-commit when a fetch size is set, and the commit
			// below would close them before the results are read: fetch everything, as auto-commit does.
			int fetchSize = statement.getFetchSize();
			this.connection.setAutoCommit(false);
			try {
				if (fetchSize != 0) {
					statement.setFetchSize(0);
				}
				try (Statement state = this.connection.createStatement()) {
					state.execute(sql);
				}
				Object result = TransactionPoolerConnections.invoke(statement, method, arguments);
				this.connection.commit();
				return result;
			}
			catch (Throwable ex) {
				try {
					this.connection.rollback();
				}
				catch (SQLException rollback) {
					ex.addSuppressed(rollback);
				}
				throw ex;
			}
			finally {
				try {
					if (fetchSize != 0) {
						statement.setFetchSize(fetchSize);
					}
				}
				finally {
					this.connection.setAutoCommit(true);
				}
			}
		}

		private Statement statement(Statement statement, Class<?> type, boolean setsSearchPath) {
			Class<?> proxyType = CallableStatement.class.isAssignableFrom(type) ? CallableStatement.class
					: PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
			return (Statement) Proxy.newProxyInstance(TransactionPoolerConnections.class.getClassLoader(),
					new Class<?>[] { proxyType }, new StatementHandler(statement, this, setsSearchPath));
		}

		/**
		 * A search path set for the session in SQL: kept for the connection's transactions, unless it is
		 * the one they have already (as when Flyway restores the search path it found).
		 */
		void searchPathSet(String searchPath, String before) {
			if (!normalized(searchPath).equals(normalized(before))) {
				this.searchPathSql = "SELECT set_config('search_path', '" + searchPath.replace("'", "''") + "', true)";
			}
		}

		private void searchPathSetInSql(String setLocal) {
			this.searchPathSql = setLocal;
		}

		String currentSearchPath() throws SQLException {
			try (Statement statement = statement(this.connection.createStatement(), Statement.class, false);
					var result = statement.executeQuery("SHOW search_path")) {
				result.next();
				return result.getString(1);
			}
		}

		private static String normalized(String searchPath) {
			return searchPath.replace(" ", "").replace("\"", "");
		}

		@Nullable Connection proxy() {
			return this.proxy;
		}

	}

	/** Runs a statement's executions in the transaction state of its connection. */
	static final class StatementHandler implements InvocationHandler {

		private final Statement statement;

		private final ConnectionHandler connection;

		/** Whether this is Flyway's {@code set_config('search_path', ?, ...)}, made transaction-local. */
		private final boolean setsSearchPath;

		private @Nullable String searchPath;

		StatementHandler(Statement statement, ConnectionHandler connection, boolean setsSearchPath) {
			this.statement = statement;
			this.connection = connection;
			this.setsSearchPath = setsSearchPath;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments) throws Throwable {
			String name = method.getName();
			if (this.setsSearchPath && (name.equals("setString") || name.equals("setObject"))
					&& Objects.requireNonNull(arguments)[0].equals(1)) {
				this.searchPath = String.valueOf(arguments[1]);
			}
			if (name.startsWith("execute")) {
				if (this.setsSearchPath && this.searchPath != null) {
					String before = this.connection.currentSearchPath();
					Object result = this.connection.execute(this.statement, method, arguments);
					this.connection.searchPathSet(this.searchPath, before);
					return result;
				}
				if (arguments != null && arguments.length > 0 && arguments[0] instanceof String sql) {
					Matcher set = SET_SEARCH_PATH.matcher(sql);
					if (set.matches()) {
						// SET search_path for the session: for this transaction, and kept for the later ones.
						String setLocal = "SET LOCAL search_path TO " + set.group(1);
						Object[] local = arguments.clone();
						local[0] = setLocal;
						Object result = this.connection.execute(this.statement, method, local);
						this.connection.searchPathSetInSql(setLocal);
						return result;
					}
				}
				return this.connection.execute(this.statement, method, arguments);
			}
			return switch (name) {
				case "getConnection" -> this.connection.proxy();
				case "toString" -> this.statement.toString();
				case "equals" -> proxy == Objects.requireNonNull(arguments)[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> TransactionPoolerConnections.invoke(this.statement, method, arguments);
			};
		}

	}

}
