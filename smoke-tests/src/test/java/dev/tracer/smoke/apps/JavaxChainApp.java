package dev.tracer.smoke.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** {@link JakartaChainApp}'s twin on Tomcat 9 (javax.servlet). */
public final class JavaxChainApp {
  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", null);
    if (args[0].equals("back")) {
      Connection db = ChainDatabase.open();
      Tomcat.addServlet(context, "orders", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          response.getWriter().print(ChainDatabase.order(db, request.getPathInfo().substring(1)));
        }
      });
      context.addServletMappingDecoded("/orders/*", "orders");
    } else {
      String back = "http://127.0.0.1:" + args[1] + "/orders/1";
      Tomcat.addServlet(context, "call", new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          try {
            response.getWriter().print(HttpClients.get(request.getParameter("client"), back));
          } catch (Exception e) {
            throw new IOException(e);
          }
        }
      });
      context.addServletMappingDecoded("/call", "call");
    }
    tomcat.start();
    System.out.println("listening on " + tomcat.getConnector().getLocalPort());
    tomcat.getServer().await();
  }
}
