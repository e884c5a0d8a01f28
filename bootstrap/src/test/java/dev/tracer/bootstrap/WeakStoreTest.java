package dev.tracer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The entry of a collected key goes at the store's next use, a read included: a store only read never fills up. */
class WeakStoreTest {
  @Test
  void aReadDropsTheEntriesOfCollectedKeys() throws Exception {
    WeakStore<String> store = new WeakStore<>();
    Object kept = new Object();
    store.put(kept, "kept");
    Object dropped = new Object();
    store.put(dropped, "dropped");
    // a probe cleared by the same GC as the store's key
    ReferenceQueue<Object> probes = new ReferenceQueue<>();
    WeakReference<Object> probe = new WeakReference<>(dropped, probes);
    dropped = null;
    for (int i = 0; i < 50 && probes.poll() == null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(probe.get()).as("collected").isNull();
    assertThat(store.held()).as("nothing used the store since").isEqualTo(2);

    // reads only; the reference handler enqueues the store's cleared key soon after the probe
    for (int i = 0; i < 500 && store.held() > 1; i++) {
      assertThat(store.get(kept)).isEqualTo("kept");
      Thread.sleep(10);
    }
    assertThat(store.held()).isEqualTo(1);
  }
}
