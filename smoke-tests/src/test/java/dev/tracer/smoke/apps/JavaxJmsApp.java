package dev.tracer.smoke.apps;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

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

  /** Service A: {@code GET /orders?id=ID&to=listener|receive} sends the order to that queue. */
  static void service(int brokerPort) throws Exception {
    javax.jms.Connection connection = factory(brokerPort).createConnection();
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    OrderChain.serve((request, order) -> {
      String queue = "receive".equals(request.getParameter("to")) ? RECEIVE_QUEUE : LISTENER_QUEUE;
      synchronized (session) {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
          producer.send(session.createTextMessage(order));
        }
      }
    });
  }

  /** Service B: the broker, a listener on one queue and a receive loop on the other; exits after all orders. */
  static void store(int brokerPort, String jdbcUrl, int orders) throws Exception {
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
        .setPersistenceEnabled(false).setSecurityEnabled(false)
        .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
    broker.start();
    OrderChain.openTable(jdbcUrl, orders);
    javax.jms.Connection connection = factory(brokerPort).createConnection();
    Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    listening.createConsumer(listening.createQueue(LISTENER_QUEUE))
        .setMessageListener(message -> {
          try {
            OrderChain.save(((TextMessage) message).getText());
          } catch (JMSException e) {
            throw new IllegalStateException(e);
          }
        });
    Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = receiving.createConsumer(receiving.createQueue(RECEIVE_QUEUE));
    Thread loop = new Thread(() -> {
      try {
        while (!OrderChain.allSaved()) {
          TextMessage message = (TextMessage) consumer.receive(200);
          if (message != null) {
            OrderChain.save(message.getText());
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
    OrderChain.awaitAll();
    loop.join(5000);
    connection.close();
    broker.stop();
  }
}
