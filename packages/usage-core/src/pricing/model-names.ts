/** A provider and model name to look a price up under. */
export interface PriceKey {
  readonly providerId: string;
  readonly modelName: string;
}

/** Region and inference-profile prefixes of Bedrock model ids (`us.`, `global.`, ...). */
const BEDROCK_REGIONS: ReadonlySet<string> = new Set([
  "us",
  "us-gov",
  "eu",
  "apac",
  "ap",
  "jp",
  "au",
  "ca",
  "global",
]);

/** Model vendors as Bedrock names them in `<vendor>.<model>` ids. */
const BEDROCK_VENDORS: ReadonlySet<string> = new Set([
  "anthropic",
  "amazon",
  "meta",
  "mistral",
  "cohere",
  "ai21",
  "deepseek",
  "openai",
  "qwen",
  "writer",
]);

// Bedrock's version suffix: `-v1`, `-v2:0`.
const BEDROCK_VERSION = /-v\d+(?::\d+)?$/;

interface BedrockName {
  readonly region: string | null;
  readonly vendor: string;
  readonly model: string;
}

function parseBedrock(modelName: string): BedrockName | null {
  const parts = modelName.split(".");
  const hasRegion = parts.length >= 3 && BEDROCK_REGIONS.has(parts[0]!);
  const vendor = hasRegion ? parts[1]! : parts[0]!;
  if (parts.length < 2 || !BEDROCK_VENDORS.has(vendor)) return null;
  const model = parts.slice(hasRegion ? 2 : 1).join(".");

  return { region: hasRegion ? parts[0]! : null, vendor, model };
}

/**
 * Where to look a model's price up, in order. The name as reported comes first,
 * so a catalog entry for the exact name (a dated snapshot, an OpenRouter id, a
 * regional Bedrock id) always wins. Then, and only then, two documented rules:
 *
 * - a routing prefix `vendor/model` (one slash): `model` under the record's
 *   provider, then `model` under `vendor`;
 * - a Bedrock id `[region.]vendor.model[-vN[:M]]`: without the region under the
 *   record's provider, then `model` without its version suffix under `vendor`.
 *
 * Nothing else is guessed: no family fallback, no edit distance.
 */
export function priceKeys(providerId: string, modelName: string): PriceKey[] {
  const keys: PriceKey[] = [{ providerId, modelName }];
  const slash = modelName.indexOf("/");
  if (slash > 0 && slash === modelName.lastIndexOf("/") && slash < modelName.length - 1) {
    const model = modelName.slice(slash + 1);
    keys.push({ providerId, modelName: model });
    keys.push({ providerId: modelName.slice(0, slash), modelName: model });
  }
  const bedrock = parseBedrock(modelName);
  if (bedrock) {
    if (bedrock.region !== null)
      keys.push({ providerId, modelName: `${bedrock.vendor}.${bedrock.model}` });
    keys.push({
      providerId: bedrock.vendor,
      modelName: bedrock.model.replace(BEDROCK_VERSION, ""),
    });
  }

  return keys.filter(
    (key, i) =>
      keys.findIndex((k) => k.providerId === key.providerId && k.modelName === key.modelName) === i,
  );
}
