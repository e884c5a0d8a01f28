package dev.tracer.smoke.ext;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.List;

/** Fails when the agent asks for its instrumentations. */
public class BrokenModule implements InstrumentationModule {
  @Override
  public String name() {
    return "broken";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    throw new UnsupportedOperationException("no instrumentations today");
  }
}
