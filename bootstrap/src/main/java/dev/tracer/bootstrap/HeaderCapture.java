package dev.tracer.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header names advice copies from requests, responses and messages into their event, set by the agent at
 * start-up (lower-case, like {@link Propagation#fields()}). Empty unless the operator asked for some: then the
 * advice's loop runs zero times and reads nothing. Which of them become attributes, and which are redacted, is
 * the handler's business.
 */
public final class HeaderCapture {
  private static final String[] NONE = {};
  private static volatile String[] serverRequest = NONE;
  private static volatile String[] serverResponse = NONE;
  private static volatile String[] clientRequest = NONE;
  private static volatile String[] clientResponse = NONE;
  private static volatile String[] messaging = NONE;

  private HeaderCapture() {}

  public static String[] serverRequest() {
    return serverRequest;
  }

  public static String[] serverResponse() {
    return serverResponse;
  }

  public static String[] clientRequest() {
    return clientRequest;
  }

  public static String[] clientResponse() {
    return clientResponse;
  }

  public static String[] messaging() {
    return messaging;
  }

  public static void install(String[] serverRequestNames, String[] serverResponseNames, String[] clientRequestNames,
      String[] clientResponseNames, String[] messagingNames) {
    serverRequest = serverRequestNames.clone();
    serverResponse = serverResponseNames.clone();
    clientRequest = clientRequestNames.clone();
    clientResponse = clientResponseNames.clone();
    messaging = messagingNames.clone();
  }

  /** Adds {@code name}'s values to {@code headers} (made when null); nothing when there are none. */
  public static Map<String, List<String>> add(Map<String, List<String>> headers, String name, Iterable<String> values) {
    if (values == null) {
      return headers;
    }
    List<String> list = null;
    for (String value : values) {
      if (value != null) {
        if (list == null) {
          list = new ArrayList<>(1);
        }
        list.add(value);
      }
    }
    if (list == null) {
      return headers;
    }
    if (headers == null) {
      headers = new LinkedHashMap<>(4);
    }
    List<String> existing = headers.get(name);
    if (existing == null) {
      headers.put(name, list);
    } else {
      existing.addAll(list);
    }
    return headers;
  }

  /** One value; nothing when it is null. */
  public static Map<String, List<String>> add(Map<String, List<String>> headers, String name, String value) {
    if (value == null) {
      return headers;
    }
    List<String> one = new ArrayList<>(1);
    one.add(value);
    return add(headers, name, one);
  }
}
