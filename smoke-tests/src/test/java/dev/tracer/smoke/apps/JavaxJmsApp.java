package dev.tracer.smoke.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The two JVMs of the JMS chain on javax.jms (the build generates JakartaJmsApp from this source with the jakarta.jms
 * names; the Artemis client of either namespace is on the class path the test gives). Args: {@code service <broker
 * port>}, or {@code store <broker port> <jdbc url> <orders>}: runs the broker, stores what a listener and a
 * synchronous receive loop get.
 */
public final class JavaxJmsApp {
  static final String LISTENER_QUEUE = "smoke.jms.listener";
  static final String RECEIVE_QUEUE = "smoke.jms.receive";

  private JavaxJmsApp() {}

  public static void main(String[] args) throws Exception {
    if ("service".equals(args[0])) {
      service(Integer.parseInt(args[1]));
    } else {
      store(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
    }
  }

  /** The Artemis client's factory, by name: the javax and the jakarta client have the same class names. */
  static ConnectionFactory factory(int port) throws Exception {
    return (ConnectionFactory) Class.forName("org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory")
        .getConstructor(String.class).newInstance("tcp://127.0.0.1:" + port);
  }

  /** Service A: {@code GET /orders?id=ID&to=listener|receive} sends the order to that queue; prints its port. */
  static void service(int brokerPort) throws Exception {
    javax.jms.Connection connection = factory(brokerPort).createConnection();
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String order = request.getParameter("id");
        String queue = "receive".equals(request.getParameter("to")) ? RECEIVE_QUEUE : LISTENER_QUEUE;
        synchronized (session) {
          try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(session.createTextMessage(order));
          } catch (JMSException e) {
            throw new IOException(e);
          }
        }
        response.getWriter().print("queued " + order);
      }
    }), "/orders");
    server.setHandler(context);
    server.start();
    System.out.println("listening " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }

  static Connection database;
  static CountDownLatch remaining;

  static synchronized void save(String order) {
    try (PreparedStatement insert = database.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      insert.setString(1, order);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("stored " + order);
    remaining.countDown();
  }

  /** Service B: the broker, a listener on one queue and a receive loop on the other; exits after all orders. */
  static void store(int brokerPort, String jdbcUrl, int orders) throws Exception {
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
        .setPersistenceEnabled(false).setSecurityEnabled(false)
        .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
    broker.start();
    database = DriverManager.getConnection(jdbcUrl, "sa", "");
    remaining = new CountDownLatch(orders);
    try (Statement statement = database.createStatement()) {
      statement.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY)");
    }
    javax.jms.Connection connection = factory(brokerPort).createConnection();
    Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    listening.createConsumer(listening.createQueue(LISTENER_QUEUE))
        .setMessageListener(message -> {
          try {
            save(((TextMessage) message).getText());
          } catch (JMSException e) {
            throw new IllegalStateException(e);
          }
        });
    Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = receiving.createConsumer(receiving.createQueue(RECEIVE_QUEUE));
    Thread loop = new Thread(() -> {
      try {
        while (remaining.getCount() > 0) {
          TextMessage message = (TextMessage) consumer.receive(200);
          if (message != null) {
            save(message.getText());
          }
        }
        consumer.close();
      } catch (JMSException e) {
        e.printStackTrace();
      }
    }, "receive-loop");
    connection.start();
    loop.start();
    System.out.println("consuming");
    if (!remaining.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("orders missing: " + remaining.getCount());
    }
    loop.join(5000);
    connection.close();
    broker.stop();
  }
}
