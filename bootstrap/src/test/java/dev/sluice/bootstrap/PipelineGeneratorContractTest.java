package dev.sluice.bootstrap;

import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.Generator;
import dev.sluice.application.generate.PipelineGenerator;
import dev.sluice.application.generate.TranslateGenerationPort;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.domain.exchange.RequestIds;

/** The dashboard's default: Sluice's own pipeline, called in process with typed options. */
class PipelineGeneratorContractTest extends GeneratorContract {

    @Override
    protected Generator generator(GenerationTarget target) {
        var beans = sluice.getApplicationContext();
        return new PipelineGenerator(beans.getBean(Pipeline.class), beans.getBean(RequestIds.class), target,
                beans.getBean(TranslateGenerationPort.class));
    }
}
