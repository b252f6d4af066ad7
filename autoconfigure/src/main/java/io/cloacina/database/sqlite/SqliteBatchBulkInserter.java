package io.cloacina.database.sqlite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.cloacina.database.dialect.JdbcBulkInserter;
import io.cloacina.database.dialect.SqlIdentifiers;

import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * SQLite: prepared multi-row {@code INSERT ... VALUES (?, ...), (?, ...), ...} statements of up to
 * {@value #ROWS_PER_STATEMENT} rows (at most {@value #MAX_PARAMETERS} parameters), executed in JDBC
 * batches of about {@value #ROWS_PER_BATCH} rows on one connection inside one transaction (the
 * starter's single-writer transaction: one gate, one {@code BEGIN IMMEDIATE}, one {@code COMMIT}).
 * Several rows per statement save a native reset and step per row.
 * <p>
 * Values are bound as {@link SqliteValueCodec} stores them, {@code BigInteger} and {@code BigDecimal}
 * as their decimal text (converted by the column's affinity).
 *
 * @since 0.1.0
 */
public class SqliteBatchBulkInserter extends JdbcBulkInserter {

	static final int ROWS_PER_STATEMENT = 64;

	/** SQLite's lowest limit on parameters per statement ({@code SQLITE_MAX_VARIABLE_NUMBER} before 3.32). */
	static final int MAX_PARAMETERS = 999;

	static final int ROWS_PER_BATCH = 1_000;

	/**
	 * Create an inserter.
	 * @param dataSource the SQLite data source to insert into
	 * @param exceptionTranslator the translator of SQLite's errors
	 */
	public SqliteBatchBulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
		super(dataSource, exceptionTranslator);
	}

	/** The single-row statement; {@link #write} derives the multi-row one from it. */
	@Override
	protected String sql(String table, String columns, int columnCount) {
		return "INSERT INTO " + table + " (" + columns + ") VALUES " + valuesRow(columnCount);
	}

	static int rowsPerStatement(int columnCount) {
		return Math.max(1, Math.min(ROWS_PER_STATEMENT, MAX_PARAMETERS / columnCount));
	}

	@Override
	protected long write(Connection connection, String sql, List<String> columns, List<Object[]> rows) throws SQLException {
		int columnCount = columns.size();
		int perStatement = Math.min(rowsPerStatement(columnCount), rows.size());
		int statementsPerBatch = Math.max(1, ROWS_PER_BATCH / perStatement);
		int whole = rows.size() - rows.size() % perStatement;
		long inserted = 0;
		try (PreparedStatement statement = connection.prepareStatement(multiRow(sql, columnCount, perStatement))) {
			inserted += insert(statement, columns, rows, 0, whole, perStatement, statementsPerBatch);
		}
		if (whole < rows.size()) {
			int rest = rows.size() - whole;
			try (PreparedStatement statement = connection.prepareStatement(multiRow(sql, columnCount, rest))) {
				inserted += insert(statement, columns, rows, whole, rows.size(), rest, 1);
			}
		}
		return inserted;
	}

	private static long insert(PreparedStatement statement, List<String> columns, List<Object[]> rows, int from,
			int to, int perStatement, int statementsPerBatch) throws SQLException {
		long inserted = 0;
		int parameter = 1;
		int pending = 0;
		for (int index = from; index < to; index++) {
			Object[] row = rows.get(index);
			for (int column = 0; column < row.length; column++) {
				if (!SqliteValueCodec.bind(statement, parameter++, row[column])) {
					throw unsupported(row[column], index, columns.get(column));
				}
			}
			if ((index - from + 1) % perStatement == 0) {
				statement.addBatch();
				parameter = 1;
				if (++pending == statementsPerBatch) {
					inserted += sum(statement.executeBatch(), perStatement);
					pending = 0;
				}
			}
		}
		if (pending > 0) {
			inserted += sum(statement.executeBatch(), perStatement);
		}
		return inserted;
	}

	private static String multiRow(String singleRow, int columnCount, int rows) {
		String row = valuesRow(columnCount);
		StringBuilder sql = new StringBuilder(singleRow.length() + rows * (row.length() + 2)).append(singleRow);
		for (int i = 1; i < rows; i++) {
			sql.append(", ").append(row);
		}
		return sql.toString();
	}

	private static String valuesRow(int columnCount) {
		return "(" + SqlIdentifiers.placeholders(columnCount) + ")";
	}

	private static long sum(int[] counts, int rowsPerStatement) {
		long sum = 0;
		for (int count : counts) {
			sum += (count == Statement.SUCCESS_NO_INFO) ? rowsPerStatement : count;
		}
		return sum;
	}

}
