package dev.tracer.testapp.mvc;

/** The application's own exception, thrown out of a controller. */
public class OrderFailedException extends RuntimeException {
  public OrderFailedException(String message) {
    super(message);
  }
}
