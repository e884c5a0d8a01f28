package dev.tracer.instrumentation.spring.data;

/** A repository fragment the application implements itself. */
public interface OrderRepositoryCustom {
  void cancel(String id);
}
