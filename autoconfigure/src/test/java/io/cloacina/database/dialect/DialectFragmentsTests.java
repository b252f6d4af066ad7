package io.cloacina.database.dialect;

import java.util.List;

import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.sqlite.SqliteDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The SQL text of the fragments: names are validated, values are always placeholders.
 */
class DialectFragmentsTests {

	private final List<DatabaseDialect> dialects = List.of(new PostgresDialect(), new SqliteDialect());

	@ParameterizedTest
	@ValueSource(strings = { "x; DROP TABLE t", "a b", "\"quoted\"", "t--", "1abc", "", "a.b.c", "name)" })
	void namesThatAreNotPlainIdentifiersAreRejected(String name) {
		for (DatabaseDialect dialect : this.dialects) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> dialect.upsert(name, List.of("a"), List.of("a"), List.of("a")));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> dialect.insertIgnore("t", List.of("a", name), List.of("a")));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> dialect.insertReturning("t", List.of("a"), List.of(name)));
			assertThatIllegalArgumentException().isThrownBy(() -> dialect.jsonType(name));
			assertThatIllegalArgumentException().isThrownBy(() -> dialect.booleanType(name));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClaimRequest("task", name, "owner", "status", "hb", "status = ?", List.of("id")));
	}

	@Test
	void valuesAreAlwaysPlaceholders() {
		for (DatabaseDialect dialect : this.dialects) {
			assertThat(dialect.upsert("s.t", List.of("a", "b"), List.of("a"), List.of("b")))
				.startsWith("INSERT INTO s.t (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = excluded.b");
			assertThat(dialect.page("SELECT a FROM t ORDER BY a")).endsWith("LIMIT ? OFFSET ?");
		}
	}

	@Test
	void claimDiffersOnlyInTheLockClause() {
		ClaimRequest request = new ClaimRequest("task", "id", "owner", "status", "heartbeat_at", "status = ?",
				List.of("priority", "id"));
		assertThat(new PostgresDialect().claimBatch(request)).contains("LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *");
		assertThat(new SqliteDialect().claimBatch(request)).contains("LIMIT ?) RETURNING *")
			.doesNotContain("FOR UPDATE");
	}

	@Test
	void claimReturnsOnlyTheNamedColumnsAndKeepsItsAssignments() {
		ClaimRequest request = new ClaimRequest("task", "id", "owner", "status", "heartbeat_at", "status = ?",
				List.of("id")).withReturning("id", "attempts").withAssignments("attempts = attempts + 1");
		assertThat(request.returning()).containsExactly("id", "attempts");
		for (DatabaseDialect dialect : this.dialects) {
			assertThat(dialect.claimBatch(request)).contains(", attempts = attempts + 1 WHERE id IN (SELECT id")
				.endsWith(") RETURNING id, attempts");
			assertThat(dialect.claimBatch(request.withReturning())).endsWith(") RETURNING *");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> request.withReturning("id; DROP TABLE task"));
	}

	@Test
	void claimAssignmentsJoinTheSetClauseAndMayNotTakeParameters() {
		ClaimRequest request = new ClaimRequest("task", "id", "owner", "status", "heartbeat_at", "status = ?",
				List.of("id")).withAssignments("attempts = attempts + 1", "started_at = COALESCE(started_at, now())");
		for (DatabaseDialect dialect : this.dialects) {
			assertThat(dialect.claimBatch(request)).startsWith("UPDATE task SET owner = ?, status = ?, heartbeat_at = ")
				.contains(", attempts = attempts + 1, started_at = COALESCE(started_at, now()) WHERE id IN (SELECT id");
		}
		assertThat(request.withAssignments()).isEqualTo(new ClaimRequest("task", "id", "owner", "status",
				"heartbeat_at", "status = ?", List.of("id")));
		for (String bad : new String[] { "attempts = ?", "a = 1; DROP TABLE task", " " }) {
			assertThatIllegalArgumentException().isThrownBy(() -> request.withAssignments(bad))
				.withMessageContaining("without parameters or ';'")
				.withMessageContaining(bad);
		}
	}

}
