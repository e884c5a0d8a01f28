package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** URLs as recorded: never user-info, sensitive query values REDACTED, whatever TRACER_DB_STATEMENT_SANITIZE says. */
class RedactionTest {
  private static String full(String url) {
    return HttpUrl.parse(url, Redaction.DEFAULT).full;
  }

  @Test
  void userInfoIsNeverKept() {
    assertThat(full("https://alice:s3cret@shop.example:8443/a?b=1#frag")).isEqualTo("https://shop.example:8443/a?b=1");
    assertThat(full("http://token@host/")).isEqualTo("http://host/");
    HttpUrl url = HttpUrl.parse("http://u:p@[::1]:8080/x", Redaction.DEFAULT);
    assertThat(url.full).isEqualTo("http://[::1]:8080/x");
    assertThat(url.host).isEqualTo("::1");
    assertThat(url.port).isEqualTo(8080);
  }

  @Test
  void aUrlWithNothingToTakeOutIsKeptAsGivenAndAFragmentIsDropped() {
    HttpUrl plain = HttpUrl.parse("http://orders.internal:8081/orders/42", Redaction.DEFAULT);
    assertThat(plain.full).isEqualTo("http://orders.internal:8081/orders/42");
    assertThat(plain.host).isEqualTo("orders.internal");
    assertThat(plain.port).isEqualTo(8081);
    assertThat(full("https://h/docs#section-2")).isEqualTo("https://h/docs");
    assertThat(HttpUrl.parse("https://h/docs", Redaction.DEFAULT).port).isEqualTo(443);
  }

  @Test
  void sensitiveQueryParametersAreRedactedOthersKept() {
    assertThat(full("http://h/search?q=shoes&page=2")).isEqualTo("http://h/search?q=shoes&page=2");
    assertThat(full("http://h/login?user=bob&password=hunter2&PWD=x&Passwd=y"))
        .isEqualTo("http://h/login?user=bob&password=REDACTED&PWD=REDACTED&Passwd=REDACTED");
    assertThat(full("https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIA%2F20240101%2Fus-east-1&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60"
        + "&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok&X-Amz-Signature=abcdef"))
        .isEqualTo("https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=REDACTED&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60"
            + "&X-Amz-SignedHeaders=host&X-Amz-Security-Token=REDACTED&X-Amz-Signature=REDACTED");
    assertThat(full("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=beef"))
        .isEqualTo("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=REDACTED");
    assertThat(full("https://s3.amazonaws.com/b/k?AWSAccessKeyId=AKIA&Signature=sig&Expires=1"))
        .isEqualTo("https://s3.amazonaws.com/b/k?AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1");
    assertThat(full("http://h/?access_token=a&refresh_token=b&id_token=c&api_key=d&apikey=e&key=f&sig=g&token=h&secret=i"))
        .isEqualTo("http://h/?access_token=REDACTED&refresh_token=REDACTED&id_token=REDACTED&api_key=REDACTED"
            + "&apikey=REDACTED&key=REDACTED&sig=REDACTED&token=REDACTED&secret=REDACTED");
  }

  @Test
  void encodedNamesEmptyValuesAndFlagsAreHandled() {
    assertThat(full("http://h/?pass%77ord=x&token=&flag&=v&&password")).isEqualTo("http://h/?pass%77ord=REDACTED&token=REDACTED&flag&=v&&password");
    assertThat(full("/relative?token=x#f")).isEqualTo("/relative?token=REDACTED");
  }

  @Test
  void userInfoIsFoundForScrubbing() {
    assertThat(HttpUrl.userInfo("http://alice:s3cret@host:1/p?q=a@b")).isEqualTo("alice:s3cret");
    assertThat(HttpUrl.userInfo("http://host/p@x")).isNull();
    assertThat(HttpUrl.userInfo("/relative")).isNull();
  }

  @Test
  void operatorNamesAreAdded() {
    Redaction redaction = new Redaction(Arrays.asList("X-Session"), Arrays.asList("Session_Id"));
    assertThat(HttpUrl.parse("http://h/?session_id=1&q=2", redaction).full).isEqualTo("http://h/?session_id=REDACTED&q=2");
    assertThat(redaction.header("x-session")).isTrue();
    assertThat(redaction.header("Authorization")).isTrue();
    assertThat(redaction.header("Accept")).isFalse();
    assertThat(new Redaction(Collections.emptyList(), Collections.emptyList()).queryParam("session_id")).isFalse();
  }
}
