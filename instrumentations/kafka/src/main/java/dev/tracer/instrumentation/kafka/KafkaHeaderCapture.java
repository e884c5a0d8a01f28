package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.MessagingEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * TRACER_CAPTURE_MESSAGING_HEADERS for Kafka records: the listed headers (names compared case-insensitively, as
 * configured names are lower-case and Kafka's are case-sensitive), their values read as UTF-8. Nothing is read
 * when none is listed.
 */
public final class KafkaHeaderCapture {
  private KafkaHeaderCapture() {}

  public static void capture(MessagingEvent event, Headers headers) {
    String[] names = HeaderCapture.messaging();
    if (names.length == 0 || headers == null) {
      return;
    }
    for (Header header : headers) {
      for (String name : names) {
        if (name.equalsIgnoreCase(header.key()) && header.value() != null) {
          event.capturedHeaders = HeaderCapture.add(event.capturedHeaders, name,
              new String(header.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
