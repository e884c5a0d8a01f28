package dev.tracer.instrumentation.spring.data;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.map.repository.config.EnableMapRepositories;

/** A plain Spring application with Spring Data's map store: no server, the repositories are real. */
@Configuration
@EnableMapRepositories(basePackageClasses = OrderRepository.class)
public class MapStoreApplication {
  static AnnotationConfigApplicationContext start() {
    return new AnnotationConfigApplicationContext(MapStoreApplication.class);
  }
}
