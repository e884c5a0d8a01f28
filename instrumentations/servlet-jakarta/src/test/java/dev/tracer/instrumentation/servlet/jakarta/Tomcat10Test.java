package dev.tracer.instrumentation.servlet.jakarta;

import java.nio.file.Files;
import java.util.Map;
import jakarta.servlet.Servlet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.BeforeAll;

class Tomcat10Test extends ServletContract {
  @BeforeAll
  static void start() throws Exception {
    install();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", null);
    int n = 0;
    for (Map.Entry<String, Servlet> servlet : servlets().entrySet()) {
      String name = "s" + n++;
      Wrapper wrapper = Tomcat.addServlet(context, name, servlet.getValue());
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded(servlet.getKey(), name);
    }
    FilterDef filter = new FilterDef();
    filter.setFilterName("pass");
    filter.setFilter(new PassFilter());
    filter.setAsyncSupported("true");
    context.addFilterDef(filter);
    FilterMap map = new FilterMap();
    map.setFilterName("pass");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
    int port = tomcat.getConnector().getLocalPort();
    container = new Container() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
      }
    };
  }

  @Override
  boolean routes() {
    return true;
  }

  @Override
  Class<?> containerClass() {
    return Tomcat.class;
  }
}
