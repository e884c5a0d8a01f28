package dev.tracer.instrumentation.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/** What a connection pool's statement wrapper looks like: every call goes to the driver's statement. */
final class DelegatingStatement implements Statement {
  private final Statement d;

  DelegatingStatement(Statement delegate) {
    this.d = delegate;
  }

  @Override public ResultSet executeQuery(String sql) throws SQLException { return d.executeQuery(sql); }
  @Override public int executeUpdate(String sql) throws SQLException { return d.executeUpdate(sql); }
  @Override public void close() throws SQLException { d.close(); }
  @Override public int getMaxFieldSize() throws SQLException { return d.getMaxFieldSize(); }
  @Override public void setMaxFieldSize(int max) throws SQLException { d.setMaxFieldSize(max); }
  @Override public int getMaxRows() throws SQLException { return d.getMaxRows(); }
  @Override public void setMaxRows(int max) throws SQLException { d.setMaxRows(max); }
  @Override public void setEscapeProcessing(boolean enable) throws SQLException { d.setEscapeProcessing(enable); }
  @Override public int getQueryTimeout() throws SQLException { return d.getQueryTimeout(); }
  @Override public void setQueryTimeout(int seconds) throws SQLException { d.setQueryTimeout(seconds); }
  @Override public void cancel() throws SQLException { d.cancel(); }
  @Override public SQLWarning getWarnings() throws SQLException { return d.getWarnings(); }
  @Override public void clearWarnings() throws SQLException { d.clearWarnings(); }
  @Override public void setCursorName(String name) throws SQLException { d.setCursorName(name); }
  @Override public boolean execute(String sql) throws SQLException { return d.execute(sql); }
  @Override public ResultSet getResultSet() throws SQLException { return d.getResultSet(); }
  @Override public int getUpdateCount() throws SQLException { return d.getUpdateCount(); }
  @Override public boolean getMoreResults() throws SQLException { return d.getMoreResults(); }
  @Override public void setFetchDirection(int direction) throws SQLException { d.setFetchDirection(direction); }
  @Override public int getFetchDirection() throws SQLException { return d.getFetchDirection(); }
  @Override public void setFetchSize(int rows) throws SQLException { d.setFetchSize(rows); }
  @Override public int getFetchSize() throws SQLException { return d.getFetchSize(); }
  @Override public int getResultSetConcurrency() throws SQLException { return d.getResultSetConcurrency(); }
  @Override public int getResultSetType() throws SQLException { return d.getResultSetType(); }
  @Override public void addBatch(String sql) throws SQLException { d.addBatch(sql); }
  @Override public void clearBatch() throws SQLException { d.clearBatch(); }
  @Override public int[] executeBatch() throws SQLException { return d.executeBatch(); }
  @Override public Connection getConnection() throws SQLException { return d.getConnection(); }
  @Override public boolean getMoreResults(int current) throws SQLException { return d.getMoreResults(current); }
  @Override public ResultSet getGeneratedKeys() throws SQLException { return d.getGeneratedKeys(); }
  @Override public int executeUpdate(String sql, int keys) throws SQLException { return d.executeUpdate(sql, keys); }
  @Override public int executeUpdate(String sql, int[] cols) throws SQLException { return d.executeUpdate(sql, cols); }
  @Override public int executeUpdate(String sql, String[] cols) throws SQLException { return d.executeUpdate(sql, cols); }
  @Override public boolean execute(String sql, int keys) throws SQLException { return d.execute(sql, keys); }
  @Override public boolean execute(String sql, int[] cols) throws SQLException { return d.execute(sql, cols); }
  @Override public boolean execute(String sql, String[] cols) throws SQLException { return d.execute(sql, cols); }
  @Override public int getResultSetHoldability() throws SQLException { return d.getResultSetHoldability(); }
  @Override public boolean isClosed() throws SQLException { return d.isClosed(); }
  @Override public void setPoolable(boolean poolable) throws SQLException { d.setPoolable(poolable); }
  @Override public boolean isPoolable() throws SQLException { return d.isPoolable(); }
  @Override public void closeOnCompletion() throws SQLException { d.closeOnCompletion(); }
  @Override public boolean isCloseOnCompletion() throws SQLException { return d.isCloseOnCompletion(); }
  @Override public <T> T unwrap(Class<T> iface) throws SQLException { return d.unwrap(iface); }
  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return d.isWrapperFor(iface); }
}
