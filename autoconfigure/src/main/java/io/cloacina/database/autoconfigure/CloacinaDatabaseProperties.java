package io.cloacina.database.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Cloacina database. Pool settings live under {@code cloacina.database.hikari.*}
 * (every HikariCP setting, bound onto the pool).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("cloacina.database")
public class CloacinaDatabaseProperties {

	/**
	 * Database URL; its form picks the backend. PostgreSQL: postgres://user:password@host:5432/db
	 * (several hosts, IPv6 in brackets and libpq parameters accepted) or jdbc:postgresql: URLs. SQLite:
	 * sqlite://relative.db, sqlite:///absolute.db, sqlite::memory:, :memory:, file: URIs or plain paths.
	 * When unset, spring.datasource.url is used if set, else an in-memory SQLite database. Set but blank
	 * (empty or whitespace), startup fails.
	 */
	private @Nullable String url;

	/**
	 * Login user of the database; overrides the user given in the URL.
	 */
	private @Nullable String username;

	/**
	 * Login password of the database; overrides the password given in the URL.
	 */
	private @Nullable String password;

	/**
	 * PostgreSQL schema for this application: created if missing and set as search_path on every
	 * connection; a connection whose search_path cannot be set is refused. Not available on SQLite.
	 */
	private @Nullable String schema;

	/**
	 * Connection pooler between the application and PostgreSQL: none, session, or transaction (PgBouncer
	 * with pool_mode = transaction, the transaction poolers of managed services). With transaction, no
	 * server-side prepared statements and no session state: the schema and isolation level are set per
	 * transaction and the leader lock is a lease row. When unset, the URL's pgbouncer=true parameter
	 * means transaction; otherwise none.
	 */
	private @Nullable ConnectionPooler pooler;

	/**
	 * Driver properties, overriding the starter's defaults and the URL's parameters: pgjdbc properties
	 * (e.g. socketTimeout, reWriteBatchedInserts) or sqlite-jdbc settings (e.g. busy_timeout,
	 * synchronous, cache_size).
	 */
	private Map<String, String> properties = new LinkedHashMap<>();

	private final LeaderLock leaderLock = new LeaderLock();

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getSchema() {
		return this.schema;
	}

	public void setSchema(@Nullable String schema) {
		this.schema = schema;
	}

	public @Nullable ConnectionPooler getPooler() {
		return this.pooler;
	}

	public void setPooler(@Nullable ConnectionPooler pooler) {
		this.pooler = pooler;
	}

	public Map<String, String> getProperties() {
		return this.properties;
	}

	public void setProperties(Map<String, String> properties) {
		this.properties = properties;
	}

	public LeaderLock getLeaderLock() {
		return this.leaderLock;
	}

	/**
	 * Settings of the leader lock bean.
	 */
	public static class LeaderLock {

		/**
		 * How long a SQLite leader lease lasts unless renewed; a holder that dies loses the lock after
		 * this long; also on PostgreSQL behind a pooler in transaction mode. PostgreSQL advisory locks
		 * (without such a pooler) end with the holder's session instead.
		 */
		private Duration leaseTime = Duration.ofSeconds(30);

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

	}

	@Override
	public String toString() {
		return "CloacinaDatabaseProperties[url=" + DatabaseUrl.mask(this.url) + ", username=" + this.username
				+ ", password=" + ((this.password != null) ? "****" : null) + ", schema=" + this.schema + ", pooler="
				+ this.pooler + "]";
	}

}
