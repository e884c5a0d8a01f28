package dev.tracer.viewer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP request bodies: binary protobuf ({@code application/x-protobuf}) or JSON ({@code application/json}),
 * optionally gzip-compressed, decoded with the OpenTelemetry protobuf classes. OTLP/JSON differs from protobuf's
 * canonical JSON in one way that matters: trace and span ids are hex, not base64; they are rewritten to base64
 * before protobuf's own {@link JsonFormat} parses the message.
 */
final class OtlpDecoding {
  private OtlpDecoding() {}

  /** A body that cannot be decoded: answered with 400. */
  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  /** Reads at most {@code limit} bytes of {@code in}; more is a {@link BadRequest}. */
  static byte[] read(InputStream in, long limit) throws IOException, BadRequest {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (bytes.length > limit) {
      throw new BadRequest("body larger than " + limit + " bytes");
    }
    return bytes;
  }

  /** Decompresses when {@code encoding} is gzip, to at most {@code limit} bytes. */
  static byte[] inflate(byte[] body, String encoding, long limit) throws BadRequest {
    if (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("identity")) {
      return body;
    }
    if (!encoding.equalsIgnoreCase("gzip")) {
      throw new BadRequest("Content-Encoding " + encoding + " is not supported (gzip or none)");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return read(in, limit);
    } catch (IOException e) {
      throw new BadRequest("not gzip: " + e.getMessage());
    }
  }

  static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** Merges {@code body} into {@code builder}: JSON when {@code json}, else binary protobuf. */
  static void merge(byte[] body, boolean json, Message.Builder builder) throws BadRequest {
    try {
      if (json) {
        JsonElement tree = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        if (!tree.isJsonObject()) {
          throw new BadRequest("JSON body is not an object");
        }
        hexIdsToBase64(tree);
        JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), builder);
      } else {
        builder.mergeFrom(body);
      }
    } catch (IOException | RuntimeException e) {
      // InvalidProtocolBufferException, Gson's JsonParseException, a stack overflow of nesting is an Error (below)
      throw new BadRequest((json ? "not OTLP/JSON: " : "not OTLP protobuf: ") + oneLine(e));
    } catch (StackOverflowError e) {
      throw new BadRequest("nested too deeply");
    }
  }

  /** {@code traceId}, {@code spanId} and {@code parentSpanId} (spans, links, exemplars) from hex to base64. */
  private static void hexIdsToBase64(JsonElement element) throws BadRequest {
    if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      for (JsonElement child : array) {
        hexIdsToBase64(child);
      }
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
        String key = entry.getKey();
        JsonElement value = entry.getValue();
        if ((key.equals("traceId") || key.equals("spanId") || key.equals("parentSpanId")
            || key.equals("trace_id") || key.equals("span_id") || key.equals("parent_span_id"))
            && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
          entry.setValue(new JsonPrimitive(base64OfHex(key, value.getAsString())));
        } else {
          hexIdsToBase64(value);
        }
      }
    }
  }

  private static String base64OfHex(String key, String hex) throws BadRequest {
    if (hex.length() % 2 != 0) {
      throw new BadRequest(key + " is not hex: " + abbreviate(hex));
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(hex.charAt(2 * i), 16);
      int low = Character.digit(hex.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw new BadRequest(key + " is not hex: " + abbreviate(hex));
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return abbreviate(message.replaceAll("\\s+", " ").trim());
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }
}
