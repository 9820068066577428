import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { type ChatGeneration, ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";

/**
 * A chat model in the style of an integration that passes a provider's running
 * usage totals through on every chunk: it streams Gemini's SSE shape
 * (`usageMetadata` repeated, cumulative) from `url` and puts each chunk's
 * totals on the chunk's `usage_metadata` as they are.
 */
export class RunningTotalsChatModel extends BaseChatModel {
  readonly url: string;

  constructor(url: string) {
    super({});
    this.url = url;
  }

  _llmType(): string {
    return "running-totals";
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const res = await fetch(this.url, { method: "POST", body: "{}", signal: options.signal });
    const text = await res.text();
    for (const line of text.split("\n")) {
      if (!line.startsWith("data: ")) continue;
      const data = JSON.parse(line.slice(6));
      const u = data.usageMetadata;
      const thoughts = u.thoughtsTokenCount ?? 0;
      const chunk = new ChatGenerationChunk({
        text: data.candidates[0].content.parts[0].text,
        message: new AIMessageChunk({
          content: data.candidates[0].content.parts[0].text,
          response_metadata: { model_name: data.modelVersion },
          usage_metadata: {
            input_tokens: u.promptTokenCount,
            output_tokens: u.candidatesTokenCount + thoughts,
            total_tokens: u.totalTokenCount,
            input_token_details: { cache_read: u.cachedContentTokenCount },
            output_token_details: { reasoning: thoughts },
          },
        }),
      });
      yield chunk;
      await runManager?.handleLLMNewToken(chunk.text, undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
  }

  async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
  ): Promise<ChatResult> {
    let final: ChatGenerationChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options)) {
      final = final ? final.concat(chunk) : chunk;
    }

    return { generations: final ? [final as ChatGeneration] : [] };
  }
}
