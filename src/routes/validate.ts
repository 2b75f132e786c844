import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type * as z from "zod/mini";

/** Reads a JSON body and validates it; a failure is a 400 that names each bad field and why. */
export async function jsonBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HTTPException(400, {
      res: Response.json({ error: "The request body must be JSON (Content-Type: application/json)." }, { status: 400 }),
    });
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => ({
      field: issue.path.join(".") || "(body)",
      message: issue.message,
    }));
    throw new HTTPException(400, {
      res: Response.json(
        { error: `Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join("; ")}.`, fields },
        { status: 400 },
      ),
    });
  }
  return result.data;
}
