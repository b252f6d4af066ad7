package io.cloacina.database.postgresql;

import java.time.Duration;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaseLeaderLock;
import io.cloacina.database.test.AbstractDialectConformanceTests;
import io.cloacina.database.test.TestDatabase;
import io.cloacina.database.test.TestPgBouncer;
import org.junit.jupiter.api.Assumptions;

/**
 * The conformance suite on PostgreSQL behind a real PgBouncer in transaction mode, told so by the
 * URL, with the leader lock the starter uses there (a lease row). The SQLite runs of the suite are
 * skipped here: {@code StarterDialectConformanceTests} runs them.
 */
class TransactionPoolerConformanceTests extends AbstractDialectConformanceTests {

	@Override
	protected String createUrl(TestDatabase database) {
		Assumptions.assumeTrue(database == TestDatabase.POSTGRESQL,
				"Behind a connection pooler: PostgreSQL only (SQLite runs in StarterDialectConformanceTests)");
		return TestPgBouncer.createDatabase() + "?pgbouncer=true";
	}

	@Override
	protected LeaderLock createLeaderLock(DatabaseBackend backend, DataSource dataSource, Duration leaseTime) {
		return new LeaseLeaderLock(dataSource, createDialect(backend), leaseTime);
	}

}
