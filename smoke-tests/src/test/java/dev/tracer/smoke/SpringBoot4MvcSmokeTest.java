package dev.tracer.smoke;

/** Spring Boot 4 (Spring MVC 7, jakarta.servlet, Tomcat 11, Hibernate 7) as its executable jar. */
class SpringBoot4MvcSmokeTest extends SpringMvcContract {
  @Override
  String app() {
    return "spring-boot-mvc";
  }
}
