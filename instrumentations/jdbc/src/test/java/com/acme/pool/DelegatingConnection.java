package com.acme.pool;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * What a connection pool's connection looks like: every call goes to the driver's connection, and
 * {@code prepareStatement(sql)} hands the driver's statement to {@code wrap} (a pool's statement wrapper, or the
 * statement itself). Outside the agent's packages, which it never instruments.
 */
public class DelegatingConnection implements Connection {
  private final Connection d;
  private final UnaryOperator<PreparedStatement> wrap;

  public DelegatingConnection(Connection delegate, UnaryOperator<PreparedStatement> wrap) {
    this.d = delegate;
    this.wrap = wrap;
  }

  @Override public PreparedStatement prepareStatement(String a) throws SQLException { return wrap.apply(d.prepareStatement(a)); }
  @Override public <T> T unwrap(Class<T> a) throws SQLException { return d.unwrap(a); }
  @Override public Array createArrayOf(String a, Object[] b) throws SQLException { return d.createArrayOf(a, b); }
  @Override public Blob createBlob() throws SQLException { return d.createBlob(); }
  @Override public CallableStatement prepareCall(String a) throws SQLException { return d.prepareCall(a); }
  @Override public CallableStatement prepareCall(String a, int b, int c) throws SQLException { return d.prepareCall(a, b, c); }
  @Override public CallableStatement prepareCall(String a, int b, int c, int e) throws SQLException { return d.prepareCall(a, b, c, e); }
  @Override public Clob createClob() throws SQLException { return d.createClob(); }
  @Override public DatabaseMetaData getMetaData() throws SQLException { return d.getMetaData(); }
  @Override public Map<String, Class<?>> getTypeMap() throws SQLException { return d.getTypeMap(); }
  @Override public NClob createNClob() throws SQLException { return d.createNClob(); }
  @Override public PreparedStatement prepareStatement(String a, String[] b) throws SQLException { return d.prepareStatement(a, b); }
  @Override public PreparedStatement prepareStatement(String a, int b) throws SQLException { return d.prepareStatement(a, b); }
  @Override public PreparedStatement prepareStatement(String a, int b, int c) throws SQLException { return d.prepareStatement(a, b, c); }
  @Override public PreparedStatement prepareStatement(String a, int b, int c, int e) throws SQLException { return d.prepareStatement(a, b, c, e); }
  @Override public PreparedStatement prepareStatement(String a, int[] b) throws SQLException { return d.prepareStatement(a, b); }
  @Override public Properties getClientInfo() throws SQLException { return d.getClientInfo(); }
  @Override public SQLWarning getWarnings() throws SQLException { return d.getWarnings(); }
  @Override public SQLXML createSQLXML() throws SQLException { return d.createSQLXML(); }
  @Override public Savepoint setSavepoint() throws SQLException { return d.setSavepoint(); }
  @Override public Savepoint setSavepoint(String a) throws SQLException { return d.setSavepoint(a); }
  @Override public Statement createStatement() throws SQLException { return d.createStatement(); }
  @Override public Statement createStatement(int a, int b) throws SQLException { return d.createStatement(a, b); }
  @Override public Statement createStatement(int a, int b, int c) throws SQLException { return d.createStatement(a, b, c); }
  @Override public String getCatalog() throws SQLException { return d.getCatalog(); }
  @Override public String getClientInfo(String a) throws SQLException { return d.getClientInfo(a); }
  @Override public String getSchema() throws SQLException { return d.getSchema(); }
  @Override public String nativeSQL(String a) throws SQLException { return d.nativeSQL(a); }
  @Override public Struct createStruct(String a, Object[] b) throws SQLException { return d.createStruct(a, b); }
  @Override public boolean getAutoCommit() throws SQLException { return d.getAutoCommit(); }
  @Override public boolean isClosed() throws SQLException { return d.isClosed(); }
  @Override public boolean isReadOnly() throws SQLException { return d.isReadOnly(); }
  @Override public boolean isValid(int a) throws SQLException { return d.isValid(a); }
  @Override public boolean isWrapperFor(Class<?> a) throws SQLException { return d.isWrapperFor(a); }
  @Override public int getHoldability() throws SQLException { return d.getHoldability(); }
  @Override public int getNetworkTimeout() throws SQLException { return d.getNetworkTimeout(); }
  @Override public int getTransactionIsolation() throws SQLException { return d.getTransactionIsolation(); }
  @Override public void abort(Executor a) throws SQLException { d.abort(a); }
  @Override public void clearWarnings() throws SQLException { d.clearWarnings(); }
  @Override public void close() throws SQLException { d.close(); }
  @Override public void commit() throws SQLException { d.commit(); }
  @Override public void releaseSavepoint(Savepoint a) throws SQLException { d.releaseSavepoint(a); }
  @Override public void rollback() throws SQLException { d.rollback(); }
  @Override public void rollback(Savepoint a) throws SQLException { d.rollback(a); }
  @Override public void setAutoCommit(boolean a) throws SQLException { d.setAutoCommit(a); }
  @Override public void setCatalog(String a) throws SQLException { d.setCatalog(a); }
  @Override public void setClientInfo(Properties a) throws SQLClientInfoException { d.setClientInfo(a); }
  @Override public void setClientInfo(String a, String b) throws SQLClientInfoException { d.setClientInfo(a, b); }
  @Override public void setHoldability(int a) throws SQLException { d.setHoldability(a); }
  @Override public void setNetworkTimeout(Executor a, int b) throws SQLException { d.setNetworkTimeout(a, b); }
  @Override public void setReadOnly(boolean a) throws SQLException { d.setReadOnly(a); }
  @Override public void setSchema(String a) throws SQLException { d.setSchema(a); }
  @Override public void setTransactionIsolation(int a) throws SQLException { d.setTransactionIsolation(a); }
  @Override public void setTypeMap(Map<String, Class<?>> a) throws SQLException { d.setTypeMap(a); }
}
