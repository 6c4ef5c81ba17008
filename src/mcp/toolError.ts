/**
 * A failure an assistant can act on: what went wrong and what to do about it. The MCP server turns
 * it into a tool result with `isError` (the model sees it and can recover), never a protocol error.
 */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }

  get text(): string {
    const message = this.message.replace(/[.\s]*$/, '.');
    return this.advice ? `${message} ${this.advice}` : message;
  }
}
