package dev.tracer.smoke;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * An application that chooses java.util.logging's manager ({@code -Djava.util.logging.manager}), as application
 * servers do: {@link ChosenLogManager} says when the JVM made it, before or after {@code main} began, and which
 * manager the application's own logging ends up with.
 */
public final class JulApp {
  static final String MAIN_STARTED = "julapp.main.started";

  public static void main(String[] args) {
    System.setProperty(MAIN_STARTED, "true");
    Logger.getLogger("app").info("the application logs");
    System.out.println("log manager in use: " + LogManager.getLogManager().getClass().getSimpleName());
    System.out.flush();
  }

  /** The application's log manager: it tells whether anything made it before the application ran. */
  public static final class ChosenLogManager extends LogManager {
    public ChosenLogManager() {
      System.out.println("ChosenLogManager made " + (System.getProperty(MAIN_STARTED) == null ? "before" : "after")
          + " main started");
      System.out.flush();
    }
  }
}
