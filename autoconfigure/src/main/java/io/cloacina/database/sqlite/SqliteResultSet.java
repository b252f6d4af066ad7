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
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result of a {@link SqliteStatement}: stepping it ({@link #next()}) runs SQLite, so its failures
 * get their SQLState and are shown to the transaction like a statement's; {@link #getStatement()}
 * is the starter's statement, not the driver's. Everything else is delegated.
 */
final class SqliteResultSet implements ResultSet {

	private final ResultSet delegate;

	private final SqliteStatement statement;

	SqliteResultSet(ResultSet delegate, SqliteStatement statement) {
		this.delegate = delegate;
		this.statement = statement;
	}

	@Override
	public boolean next() throws SQLException {
		try {
			return this.delegate.next();
		}
		catch (SQLException ex) {
			throw this.statement.transaction.afterFailure(ex);
		}
	}

	@Override
	public Statement getStatement() {
		return this.statement;
	}

	@Override
	public boolean absolute(int columnIndex) throws SQLException {
		return this.delegate.absolute(columnIndex);
	}

	@Override
	public void afterLast() throws SQLException {
		this.delegate.afterLast();
	}

	@Override
	public void beforeFirst() throws SQLException {
		this.delegate.beforeFirst();
	}

	@Override
	public void cancelRowUpdates() throws SQLException {
		this.delegate.cancelRowUpdates();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public void close() throws SQLException {
		this.delegate.close();
	}

	@Override
	public void deleteRow() throws SQLException {
		this.delegate.deleteRow();
	}

	@Override
	public int findColumn(String columnLabel) throws SQLException {
		return this.delegate.findColumn(columnLabel);
	}

	@Override
	public boolean first() throws SQLException {
		return this.delegate.first();
	}

	@Override
	public Array getArray(String columnLabel) throws SQLException {
		return this.delegate.getArray(columnLabel);
	}

	@Override
	public Array getArray(int columnIndex) throws SQLException {
		return this.delegate.getArray(columnIndex);
	}

	@Override
	public InputStream getAsciiStream(String columnLabel) throws SQLException {
		return this.delegate.getAsciiStream(columnLabel);
	}

	@Override
	public InputStream getAsciiStream(int columnIndex) throws SQLException {
		return this.delegate.getAsciiStream(columnIndex);
	}

	@Override
	public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
		return this.delegate.getBigDecimal(columnLabel);
	}

	@Override
	public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
		return this.delegate.getBigDecimal(columnIndex);
	}

	@Override
	@Deprecated
	public BigDecimal getBigDecimal(String columnLabel, int x) throws SQLException {
		return this.delegate.getBigDecimal(columnLabel, x);
	}

	@Override
	@Deprecated
	public BigDecimal getBigDecimal(int columnIndex, int x) throws SQLException {
		return this.delegate.getBigDecimal(columnIndex, x);
	}

	@Override
	public InputStream getBinaryStream(String columnLabel) throws SQLException {
		return this.delegate.getBinaryStream(columnLabel);
	}

	@Override
	public InputStream getBinaryStream(int columnIndex) throws SQLException {
		return this.delegate.getBinaryStream(columnIndex);
	}

	@Override
	public Blob getBlob(String columnLabel) throws SQLException {
		return this.delegate.getBlob(columnLabel);
	}

	@Override
	public Blob getBlob(int columnIndex) throws SQLException {
		return this.delegate.getBlob(columnIndex);
	}

	@Override
	public boolean getBoolean(String columnLabel) throws SQLException {
		return this.delegate.getBoolean(columnLabel);
	}

	@Override
	public boolean getBoolean(int columnIndex) throws SQLException {
		return this.delegate.getBoolean(columnIndex);
	}

	@Override
	public byte getByte(String columnLabel) throws SQLException {
		return this.delegate.getByte(columnLabel);
	}

	@Override
	public byte getByte(int columnIndex) throws SQLException {
		return this.delegate.getByte(columnIndex);
	}

	@Override
	public byte[] getBytes(String columnLabel) throws SQLException {
		return this.delegate.getBytes(columnLabel);
	}

	@Override
	public byte[] getBytes(int columnIndex) throws SQLException {
		return this.delegate.getBytes(columnIndex);
	}

	@Override
	public Reader getCharacterStream(String columnLabel) throws SQLException {
		return this.delegate.getCharacterStream(columnLabel);
	}

	@Override
	public Reader getCharacterStream(int columnIndex) throws SQLException {
		return this.delegate.getCharacterStream(columnIndex);
	}

	@Override
	public Clob getClob(String columnLabel) throws SQLException {
		return this.delegate.getClob(columnLabel);
	}

	@Override
	public Clob getClob(int columnIndex) throws SQLException {
		return this.delegate.getClob(columnIndex);
	}

	@Override
	public int getConcurrency() throws SQLException {
		return this.delegate.getConcurrency();
	}

	@Override
	public String getCursorName() throws SQLException {
		return this.delegate.getCursorName();
	}

	@Override
	public Date getDate(String columnLabel) throws SQLException {
		return this.delegate.getDate(columnLabel);
	}

	@Override
	public Date getDate(int columnIndex) throws SQLException {
		return this.delegate.getDate(columnIndex);
	}

	@Override
	public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
		return this.delegate.getDate(columnLabel, calendar);
	}

	@Override
	public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
		return this.delegate.getDate(columnIndex, calendar);
	}

	@Override
	public double getDouble(String columnLabel) throws SQLException {
		return this.delegate.getDouble(columnLabel);
	}

	@Override
	public double getDouble(int columnIndex) throws SQLException {
		return this.delegate.getDouble(columnIndex);
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return this.delegate.getFetchDirection();
	}

	@Override
	public int getFetchSize() throws SQLException {
		return this.delegate.getFetchSize();
	}

	@Override
	public float getFloat(String columnLabel) throws SQLException {
		return this.delegate.getFloat(columnLabel);
	}

	@Override
	public float getFloat(int columnIndex) throws SQLException {
		return this.delegate.getFloat(columnIndex);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.delegate.getHoldability();
	}

	@Override
	public int getInt(String columnLabel) throws SQLException {
		return this.delegate.getInt(columnLabel);
	}

	@Override
	public int getInt(int columnIndex) throws SQLException {
		return this.delegate.getInt(columnIndex);
	}

	@Override
	public long getLong(String columnLabel) throws SQLException {
		return this.delegate.getLong(columnLabel);
	}

	@Override
	public long getLong(int columnIndex) throws SQLException {
		return this.delegate.getLong(columnIndex);
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		return this.delegate.getMetaData();
	}

	@Override
	public Reader getNCharacterStream(String columnLabel) throws SQLException {
		return this.delegate.getNCharacterStream(columnLabel);
	}

	@Override
	public Reader getNCharacterStream(int columnIndex) throws SQLException {
		return this.delegate.getNCharacterStream(columnIndex);
	}

	@Override
	public NClob getNClob(String columnLabel) throws SQLException {
		return this.delegate.getNClob(columnLabel);
	}

	@Override
	public NClob getNClob(int columnIndex) throws SQLException {
		return this.delegate.getNClob(columnIndex);
	}

	@Override
	public String getNString(String columnLabel) throws SQLException {
		return this.delegate.getNString(columnLabel);
	}

	@Override
	public String getNString(int columnIndex) throws SQLException {
		return this.delegate.getNString(columnIndex);
	}

	@Override
	public Object getObject(String columnLabel) throws SQLException {
		return this.delegate.getObject(columnLabel);
	}

	@Override
	public Object getObject(int columnIndex) throws SQLException {
		return this.delegate.getObject(columnIndex);
	}

	@Override
	public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
		return this.delegate.getObject(columnLabel, type);
	}

	@Override
	public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
		return this.delegate.getObject(columnLabel, map);
	}

	@Override
	public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
		return this.delegate.getObject(columnIndex, type);
	}

	@Override
	public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
		return this.delegate.getObject(columnIndex, map);
	}

	@Override
	public Ref getRef(String columnLabel) throws SQLException {
		return this.delegate.getRef(columnLabel);
	}

	@Override
	public Ref getRef(int columnIndex) throws SQLException {
		return this.delegate.getRef(columnIndex);
	}

	@Override
	public int getRow() throws SQLException {
		return this.delegate.getRow();
	}

	@Override
	public RowId getRowId(String columnLabel) throws SQLException {
		return this.delegate.getRowId(columnLabel);
	}

	@Override
	public RowId getRowId(int columnIndex) throws SQLException {
		return this.delegate.getRowId(columnIndex);
	}

	@Override
	public SQLXML getSQLXML(String columnLabel) throws SQLException {
		return this.delegate.getSQLXML(columnLabel);
	}

	@Override
	public SQLXML getSQLXML(int columnIndex) throws SQLException {
		return this.delegate.getSQLXML(columnIndex);
	}

	@Override
	public short getShort(String columnLabel) throws SQLException {
		return this.delegate.getShort(columnLabel);
	}

	@Override
	public short getShort(int columnIndex) throws SQLException {
		return this.delegate.getShort(columnIndex);
	}

	@Override
	public String getString(String columnLabel) throws SQLException {
		return this.delegate.getString(columnLabel);
	}

	@Override
	public String getString(int columnIndex) throws SQLException {
		return this.delegate.getString(columnIndex);
	}

	@Override
	public Time getTime(String columnLabel) throws SQLException {
		return this.delegate.getTime(columnLabel);
	}

	@Override
	public Time getTime(int columnIndex) throws SQLException {
		return this.delegate.getTime(columnIndex);
	}

	@Override
	public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
		return this.delegate.getTime(columnLabel, calendar);
	}

	@Override
	public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
		return this.delegate.getTime(columnIndex, calendar);
	}

	@Override
	public Timestamp getTimestamp(String columnLabel) throws SQLException {
		return this.delegate.getTimestamp(columnLabel);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex) throws SQLException {
		return this.delegate.getTimestamp(columnIndex);
	}

	@Override
	public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
		return this.delegate.getTimestamp(columnLabel, calendar);
	}

	@Override
	public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
		return this.delegate.getTimestamp(columnIndex, calendar);
	}

	@Override
	public int getType() throws SQLException {
		return this.delegate.getType();
	}

	@Override
	public URL getURL(String columnLabel) throws SQLException {
		return this.delegate.getURL(columnLabel);
	}

	@Override
	public URL getURL(int columnIndex) throws SQLException {
		return this.delegate.getURL(columnIndex);
	}

	@Override
	@Deprecated
	public InputStream getUnicodeStream(String columnLabel) throws SQLException {
		return this.delegate.getUnicodeStream(columnLabel);
	}

	@Override
	@Deprecated
	public InputStream getUnicodeStream(int columnIndex) throws SQLException {
		return this.delegate.getUnicodeStream(columnIndex);
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public void insertRow() throws SQLException {
		this.delegate.insertRow();
	}

	@Override
	public boolean isAfterLast() throws SQLException {
		return this.delegate.isAfterLast();
	}

	@Override
	public boolean isBeforeFirst() throws SQLException {
		return this.delegate.isBeforeFirst();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public boolean isFirst() throws SQLException {
		return this.delegate.isFirst();
	}

	@Override
	public boolean isLast() throws SQLException {
		return this.delegate.isLast();
	}

	@Override
	public boolean last() throws SQLException {
		return this.delegate.last();
	}

	@Override
	public void moveToCurrentRow() throws SQLException {
		this.delegate.moveToCurrentRow();
	}

	@Override
	public void moveToInsertRow() throws SQLException {
		this.delegate.moveToInsertRow();
	}

	@Override
	public boolean previous() throws SQLException {
		return this.delegate.previous();
	}

	@Override
	public void refreshRow() throws SQLException {
		this.delegate.refreshRow();
	}

	@Override
	public boolean relative(int columnIndex) throws SQLException {
		return this.delegate.relative(columnIndex);
	}

	@Override
	public boolean rowDeleted() throws SQLException {
		return this.delegate.rowDeleted();
	}

	@Override
	public boolean rowInserted() throws SQLException {
		return this.delegate.rowInserted();
	}

	@Override
	public boolean rowUpdated() throws SQLException {
		return this.delegate.rowUpdated();
	}

	@Override
	public void setFetchDirection(int columnIndex) throws SQLException {
		this.delegate.setFetchDirection(columnIndex);
	}

	@Override
	public void setFetchSize(int columnIndex) throws SQLException {
		this.delegate.setFetchSize(columnIndex);
	}

	@Override
	public void updateArray(String columnLabel, Array x) throws SQLException {
		this.delegate.updateArray(columnLabel, x);
	}

	@Override
	public void updateArray(int columnIndex, Array x) throws SQLException {
		this.delegate.updateArray(columnIndex, x);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x, length);
	}

	@Override
	public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateAsciiStream(columnLabel, x, length);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x, length);
	}

	@Override
	public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateAsciiStream(columnIndex, x, length);
	}

	@Override
	public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
		this.delegate.updateBigDecimal(columnLabel, x);
	}

	@Override
	public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
		this.delegate.updateBigDecimal(columnIndex, x);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x, length);
	}

	@Override
	public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateBinaryStream(columnLabel, x, length);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x, length);
	}

	@Override
	public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateBinaryStream(columnIndex, x, length);
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x) throws SQLException {
		this.delegate.updateBlob(columnLabel, x);
	}

	@Override
	public void updateBlob(String columnLabel, Blob x) throws SQLException {
		this.delegate.updateBlob(columnLabel, x);
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x) throws SQLException {
		this.delegate.updateBlob(columnIndex, x);
	}

	@Override
	public void updateBlob(int columnIndex, Blob x) throws SQLException {
		this.delegate.updateBlob(columnIndex, x);
	}

	@Override
	public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
		this.delegate.updateBlob(columnLabel, x, length);
	}

	@Override
	public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
		this.delegate.updateBlob(columnIndex, x, length);
	}

	@Override
	public void updateBoolean(String columnLabel, boolean x) throws SQLException {
		this.delegate.updateBoolean(columnLabel, x);
	}

	@Override
	public void updateBoolean(int columnIndex, boolean x) throws SQLException {
		this.delegate.updateBoolean(columnIndex, x);
	}

	@Override
	public void updateByte(String columnLabel, byte x) throws SQLException {
		this.delegate.updateByte(columnLabel, x);
	}

	@Override
	public void updateByte(int columnIndex, byte x) throws SQLException {
		this.delegate.updateByte(columnIndex, x);
	}

	@Override
	public void updateBytes(String columnLabel, byte[] x) throws SQLException {
		this.delegate.updateBytes(columnLabel, x);
	}

	@Override
	public void updateBytes(int columnIndex, byte[] x) throws SQLException {
		this.delegate.updateBytes(columnIndex, x);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateClob(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateClob(columnLabel, x);
	}

	@Override
	public void updateClob(String columnLabel, Clob x) throws SQLException {
		this.delegate.updateClob(columnLabel, x);
	}

	@Override
	public void updateClob(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateClob(columnIndex, x);
	}

	@Override
	public void updateClob(int columnIndex, Clob x) throws SQLException {
		this.delegate.updateClob(columnIndex, x);
	}

	@Override
	public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateClob(columnLabel, x, length);
	}

	@Override
	public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateClob(columnIndex, x, length);
	}

	@Override
	public void updateDate(String columnLabel, Date x) throws SQLException {
		this.delegate.updateDate(columnLabel, x);
	}

	@Override
	public void updateDate(int columnIndex, Date x) throws SQLException {
		this.delegate.updateDate(columnIndex, x);
	}

	@Override
	public void updateDouble(String columnLabel, double x) throws SQLException {
		this.delegate.updateDouble(columnLabel, x);
	}

	@Override
	public void updateDouble(int columnIndex, double x) throws SQLException {
		this.delegate.updateDouble(columnIndex, x);
	}

	@Override
	public void updateFloat(String columnLabel, float x) throws SQLException {
		this.delegate.updateFloat(columnLabel, x);
	}

	@Override
	public void updateFloat(int columnIndex, float x) throws SQLException {
		this.delegate.updateFloat(columnIndex, x);
	}

	@Override
	public void updateInt(String columnLabel, int x) throws SQLException {
		this.delegate.updateInt(columnLabel, x);
	}

	@Override
	public void updateInt(int columnIndex, int x) throws SQLException {
		this.delegate.updateInt(columnIndex, x);
	}

	@Override
	public void updateLong(String columnLabel, long x) throws SQLException {
		this.delegate.updateLong(columnLabel, x);
	}

	@Override
	public void updateLong(int columnIndex, long x) throws SQLException {
		this.delegate.updateLong(columnIndex, x);
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateNCharacterStream(columnLabel, x);
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateNCharacterStream(columnIndex, x);
	}

	@Override
	public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateNCharacterStream(columnLabel, x, length);
	}

	@Override
	public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateNCharacterStream(columnIndex, x, length);
	}

	@Override
	public void updateNClob(String columnLabel, Reader x) throws SQLException {
		this.delegate.updateNClob(columnLabel, x);
	}

	@Override
	public void updateNClob(String columnLabel, NClob x) throws SQLException {
		this.delegate.updateNClob(columnLabel, x);
	}

	@Override
	public void updateNClob(int columnIndex, Reader x) throws SQLException {
		this.delegate.updateNClob(columnIndex, x);
	}

	@Override
	public void updateNClob(int columnIndex, NClob x) throws SQLException {
		this.delegate.updateNClob(columnIndex, x);
	}

	@Override
	public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
		this.delegate.updateNClob(columnLabel, x, length);
	}

	@Override
	public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
		this.delegate.updateNClob(columnIndex, x, length);
	}

	@Override
	public void updateNString(String columnLabel, String x) throws SQLException {
		this.delegate.updateNString(columnLabel, x);
	}

	@Override
	public void updateNString(int columnIndex, String x) throws SQLException {
		this.delegate.updateNString(columnIndex, x);
	}

	@Override
	public void updateNull(String columnLabel) throws SQLException {
		this.delegate.updateNull(columnLabel);
	}

	@Override
	public void updateNull(int columnIndex) throws SQLException {
		this.delegate.updateNull(columnIndex);
	}

	@Override
	public void updateObject(String columnLabel, Object x) throws SQLException {
		this.delegate.updateObject(columnLabel, x);
	}

	@Override
	public void updateObject(int columnIndex, Object x) throws SQLException {
		this.delegate.updateObject(columnIndex, x);
	}

	@Override
	public void updateObject(String columnLabel, Object x, int length) throws SQLException {
		this.delegate.updateObject(columnLabel, x, length);
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.updateObject(columnLabel, x, targetSqlType);
	}

	@Override
	public void updateObject(int columnIndex, Object x, int length) throws SQLException {
		this.delegate.updateObject(columnIndex, x, length);
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.updateObject(columnIndex, x, targetSqlType);
	}

	@Override
	public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnLabel, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.updateObject(columnIndex, x, targetSqlType, scaleOrLength);
	}

	@Override
	public void updateRef(String columnLabel, Ref x) throws SQLException {
		this.delegate.updateRef(columnLabel, x);
	}

	@Override
	public void updateRef(int columnIndex, Ref x) throws SQLException {
		this.delegate.updateRef(columnIndex, x);
	}

	@Override
	public void updateRow() throws SQLException {
		this.delegate.updateRow();
	}

	@Override
	public void updateRowId(String columnLabel, RowId x) throws SQLException {
		this.delegate.updateRowId(columnLabel, x);
	}

	@Override
	public void updateRowId(int columnIndex, RowId x) throws SQLException {
		this.delegate.updateRowId(columnIndex, x);
	}

	@Override
	public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
		this.delegate.updateSQLXML(columnLabel, x);
	}

	@Override
	public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
		this.delegate.updateSQLXML(columnIndex, x);
	}

	@Override
	public void updateShort(String columnLabel, short x) throws SQLException {
		this.delegate.updateShort(columnLabel, x);
	}

	@Override
	public void updateShort(int columnIndex, short x) throws SQLException {
		this.delegate.updateShort(columnIndex, x);
	}

	@Override
	public void updateString(String columnLabel, String x) throws SQLException {
		this.delegate.updateString(columnLabel, x);
	}

	@Override
	public void updateString(int columnIndex, String x) throws SQLException {
		this.delegate.updateString(columnIndex, x);
	}

	@Override
	public void updateTime(String columnLabel, Time x) throws SQLException {
		this.delegate.updateTime(columnLabel, x);
	}

	@Override
	public void updateTime(int columnIndex, Time x) throws SQLException {
		this.delegate.updateTime(columnIndex, x);
	}

	@Override
	public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
		this.delegate.updateTimestamp(columnLabel, x);
	}

	@Override
	public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
		this.delegate.updateTimestamp(columnIndex, x);
	}

	@Override
	public boolean wasNull() throws SQLException {
		return this.delegate.wasNull();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
