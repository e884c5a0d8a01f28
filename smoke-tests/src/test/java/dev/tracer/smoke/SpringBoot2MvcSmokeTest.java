package dev.tracer.smoke;

/** Spring Boot 2.7 (Spring MVC 5.3, javax.servlet, Tomcat 9, Spring Data JPA 2.7, Hibernate 5.6) as its executable jar. */
class SpringBoot2MvcSmokeTest extends SpringMvcContract {
  @Override
  String app() {
    return "spring-boot-2-mvc";
  }
}
