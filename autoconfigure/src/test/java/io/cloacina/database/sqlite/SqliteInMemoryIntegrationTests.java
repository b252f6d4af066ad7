package io.cloacina.database.sqlite;

import java.util.Map;

import io.cloacina.database.AnyConnection;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code :memory:} is one database per data source, shared by its connections and alive as long as
 * the data source, whatever the pool does with its connections.
 */
class SqliteInMemoryIntegrationTests {

	private CloacinaDataSource first;

	private CloacinaDataSource second;

	@AfterEach
	void close() {
		for (CloacinaDataSource dataSource : new CloacinaDataSource[] { this.first, this.second }) {
			if (dataSource != null) {
				dataSource.close();
			}
		}
	}

	@Test
	void connectionsOfOneDataSourceShareTheDatabaseAcrossEviction() throws Exception {
		this.first = CloacinaDataSource.builder(DatabaseUrl.parse(":memory:")).build();
		JdbcTemplate jdbc = new JdbcTemplate(this.first);
		jdbc.execute("CREATE TABLE note (text TEXT)");
		jdbc.update("INSERT INTO note (text) VALUES ('kept')");
		// Evict every pooled connection, as max-lifetime or a failed validation would.
		this.first.getHikariPoolMXBean().softEvictConnections();
		Thread.sleep(50);
		assertThat(jdbc.queryForObject("SELECT text FROM note", String.class)).isEqualTo("kept");
	}

	@Test
	void aLargerPoolStillSharesOneDatabase() throws Exception {
		this.first = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite::memory:")).build();
		this.first.setMaximumPoolSize(3);
		JdbcTemplate jdbc = new JdbcTemplate(this.first);
		jdbc.execute("CREATE TABLE note (text TEXT)");
		jdbc.update("INSERT INTO note (text) VALUES ('shared')");
		try (AnyConnection a = this.first.getAnyConnection();
				AnyConnection b = this.first.getAnyConnection();
				AnyConnection c = this.first.getAnyConnection()) {
			for (AnyConnection any : new AnyConnection[] { a, b, c }) {
				try (var statement = any.connection().createStatement();
						var result = statement.executeQuery("SELECT text FROM note")) {
					assertThat(result.next()).isTrue();
					assertThat(result.getString(1)).isEqualTo("shared");
				}
			}
		}
	}

	@Test
	void twoDataSourcesDoNotShareData() {
		this.first = CloacinaDataSource.builder(DatabaseUrl.parse(":memory:")).build();
		this.second = CloacinaDataSource.builder(DatabaseUrl.parse(":memory:")).build();
		new JdbcTemplate(this.first).execute("CREATE TABLE only_in_first (id INTEGER)");
		assertThat(new JdbcTemplate(this.second)
			.queryForObject("SELECT count(*) FROM sqlite_master WHERE name = 'only_in_first'", Integer.class)).isZero();
		assertThat(new JdbcTemplate(this.first)
			.queryForObject("SELECT count(*) FROM sqlite_master WHERE name = 'only_in_first'", Integer.class)).isOne();
	}

	@Test
	void theDatabaseIsDroppedWithItsDataSource() {
		this.first = CloacinaDataSource.builder(DatabaseUrl.parse(":memory:")).properties(Map.of()).build();
		new JdbcTemplate(this.first).execute("CREATE TABLE t (id INTEGER)");
		this.first.close();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.first.getConnection());
	}

}
