package io.cloacina.database.sqlite;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link SqliteSingleWriterConnection}: prepared once, it may run in many
 * transactions, and each run begins the connection's transaction if none is open (see
 * {@link SqliteStatement}).
 */
final class SqlitePreparedStatement extends SqliteStatement implements PreparedStatement {

	private final PreparedStatement delegate;

	/** Whether the statement only reads: sqlite-jdbc prepares the first statement of the text only. */
	private final boolean query;

	SqlitePreparedStatement(PreparedStatement delegate, SqliteSingleWriterConnection connection, String sql) {
		super(delegate, connection);
		this.delegate = delegate;
		this.query = SqliteTransaction.isQuery(sql);
	}

	@Override
	public void addBatch() throws SQLException {
		this.delegate.addBatch();
	}

	@Override
	public void clearParameters() throws SQLException {
		this.delegate.clearParameters();
	}

	@Override
	public boolean execute() throws SQLException {
		this.transaction.beforeExecute(this.query);
		try {
			return this.delegate.execute();
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		this.transaction.beforeExecute(this.query);
		try {
			return this.delegate.executeLargeUpdate();
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		this.transaction.beforeExecute(this.query);
		try {
			return new SqliteResultSet(this.delegate.executeQuery(), this);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int executeUpdate() throws SQLException {
		this.transaction.beforeExecute(this.query);
		try {
			return this.delegate.executeUpdate();
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		return this.delegate.getMetaData();
	}

	@Override
	public ParameterMetaData getParameterMetaData() throws SQLException {
		return this.delegate.getParameterMetaData();
	}

	@Override
	public void setArray(int parameterIndex, Array x) throws SQLException {
		this.delegate.setArray(parameterIndex, x);
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x);
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x, length);
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x, length);
	}

	@Override
	public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
		this.delegate.setBigDecimal(parameterIndex, x);
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x);
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x, length);
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x, length);
	}

	@Override
	public void setBlob(int parameterIndex, Blob x) throws SQLException {
		this.delegate.setBlob(parameterIndex, x);
	}

	@Override
	public void setBlob(int parameterIndex, InputStream x) throws SQLException {
		this.delegate.setBlob(parameterIndex, x);
	}

	@Override
	public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
		this.delegate.setBlob(parameterIndex, x, length);
	}

	@Override
	public void setBoolean(int parameterIndex, boolean x) throws SQLException {
		this.delegate.setBoolean(parameterIndex, x);
	}

	@Override
	public void setByte(int parameterIndex, byte x) throws SQLException {
		this.delegate.setByte(parameterIndex, x);
	}

	@Override
	public void setBytes(int parameterIndex, byte[] x) throws SQLException {
		this.delegate.setBytes(parameterIndex, x);
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, x);
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, x, length);
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, x, length);
	}

	@Override
	public void setClob(int parameterIndex, Clob x) throws SQLException {
		this.delegate.setClob(parameterIndex, x);
	}

	@Override
	public void setClob(int parameterIndex, Reader x) throws SQLException {
		this.delegate.setClob(parameterIndex, x);
	}

	@Override
	public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
		this.delegate.setClob(parameterIndex, x, length);
	}

	@Override
	public void setDate(int parameterIndex, Date x) throws SQLException {
		this.delegate.setDate(parameterIndex, x);
	}

	@Override
	public void setDate(int parameterIndex, Date x, Calendar calendar) throws SQLException {
		this.delegate.setDate(parameterIndex, x, calendar);
	}

	@Override
	public void setDouble(int parameterIndex, double x) throws SQLException {
		this.delegate.setDouble(parameterIndex, x);
	}

	@Override
	public void setFloat(int parameterIndex, float x) throws SQLException {
		this.delegate.setFloat(parameterIndex, x);
	}

	@Override
	public void setInt(int parameterIndex, int x) throws SQLException {
		this.delegate.setInt(parameterIndex, x);
	}

	@Override
	public void setLong(int parameterIndex, long x) throws SQLException {
		this.delegate.setLong(parameterIndex, x);
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
		this.delegate.setNCharacterStream(parameterIndex, x);
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
		this.delegate.setNCharacterStream(parameterIndex, x, length);
	}

	@Override
	public void setNClob(int parameterIndex, Reader x) throws SQLException {
		this.delegate.setNClob(parameterIndex, x);
	}

	@Override
	public void setNClob(int parameterIndex, NClob x) throws SQLException {
		this.delegate.setNClob(parameterIndex, x);
	}

	@Override
	public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
		this.delegate.setNClob(parameterIndex, x, length);
	}

	@Override
	public void setNString(int parameterIndex, String x) throws SQLException {
		this.delegate.setNString(parameterIndex, x);
	}

	@Override
	public void setNull(int parameterIndex, int sqlType) throws SQLException {
		this.delegate.setNull(parameterIndex, sqlType);
	}

	@Override
	public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
		this.delegate.setNull(parameterIndex, sqlType, typeName);
	}

	@Override
	public void setObject(int parameterIndex, Object x) throws SQLException {
		this.delegate.setObject(parameterIndex, x);
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType);
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType);
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void setRef(int parameterIndex, Ref x) throws SQLException {
		this.delegate.setRef(parameterIndex, x);
	}

	@Override
	public void setRowId(int parameterIndex, RowId x) throws SQLException {
		this.delegate.setRowId(parameterIndex, x);
	}

	@Override
	public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
		this.delegate.setSQLXML(parameterIndex, x);
	}

	@Override
	public void setShort(int parameterIndex, short x) throws SQLException {
		this.delegate.setShort(parameterIndex, x);
	}

	@Override
	public void setString(int parameterIndex, String x) throws SQLException {
		this.delegate.setString(parameterIndex, x);
	}

	@Override
	public void setTime(int parameterIndex, Time x) throws SQLException {
		this.delegate.setTime(parameterIndex, x);
	}

	@Override
	public void setTime(int parameterIndex, Time x, Calendar calendar) throws SQLException {
		this.delegate.setTime(parameterIndex, x, calendar);
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
		this.delegate.setTimestamp(parameterIndex, x);
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x, Calendar calendar) throws SQLException {
		this.delegate.setTimestamp(parameterIndex, x, calendar);
	}

	@Override
	public void setURL(int parameterIndex, URL x) throws SQLException {
		this.delegate.setURL(parameterIndex, x);
	}

	@Override
	public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setUnicodeStream(parameterIndex, x, length);
	}

}
