// A Prisma generator that writes the schema's DMMF to disk, so the schema-drift test
// can compare every model, field, index and relation of schema.prisma with the
// database our hand-written SQL migrations produce.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import generatorHelper from "@prisma/generator-helper";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "Intake DMMF snapshot", defaultOutput: "../lib/generated/dmmf.json" }),
  onGenerate: async (options) => {
    const output = options.generator.output?.value;
    if (!output) throw new Error("The dmmf generator needs an output path.");
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, JSON.stringify(options.dmmf.datamodel, null, 2));
  },
});
