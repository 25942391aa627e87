import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { appVersion } from "@/lib/version";
import type { ApiOperation } from "./handler";
import { apiOperations, openApiOperation } from "./operations";
import { limitApiRequestsFromAddress } from "./rate-limits";
import { apiError, apiErrorSchema } from "./respond";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from lib/api/operations.ts: the same zod
 * schemas the routes parse their input with, and the schemas their answers are typed by
 * (zod's JSON Schema output is draft 2020-12, OpenAPI 3.1's dialect). Served publicly at
 * /api/v1/openapi.json: it holds the API's shape only (no data, nothing secret), and tools
 * that read it (Swagger UI, client generators) fetch it without a token.
 */
type AnyOperation = ApiOperation<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
type JsonSchema = Record<string, unknown>;

const COMPONENTS = "#/components/schemas/";

/** Named schemas (`.meta({ id })`) become components; zod puts them under $defs. */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  // Input schemas use preprocess/transform steps JSON Schema cannot express; their input side is described.
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = generated as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = pointAtComponents(definition);
  return pointAtComponents(rest);
}

function pointAtComponents(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
}

/** An object schema's properties as OpenAPI parameters; a query parameter is required only if leaving it out fails. */
function parameters(
  schema: z.ZodType | undefined,
  location: "path" | "query",
  components: Record<string, JsonSchema>,
): JsonSchema[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, "input", components) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const omittedFails = (name: string) =>
    schema.safeParse({}).error?.issues.some((issue) => issue.path[0] === name) ?? false;
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" ? true : required.includes(name) && omittedFails(name),
    schema: property,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `${COMPONENTS}Error` } } },
});

function describeOperation(operation: AnyOperation, name: string, components: Record<string, JsonSchema>) {
  const responses: Record<string, unknown> = {
    [String(operation.successStatus ?? 200)]: {
      description: "Success: the answer is under `data`.",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { data: operation.response ? jsonSchema(operation.response, "output", components) : {} },
            required: ["data"],
          },
        },
      },
    },
  };
  if (operation.query || operation.body)
    responses["400"] = errorResponse("Invalid input; `fieldErrors` names the fields.");
  responses["401"] = errorResponse("No token, or one that is unknown, revoked, expired or whose owner is disabled.");
  if (operation.role === "admin") responses["403"] = errorResponse("The token's owner is an analyst.");
  if (operation.params) responses["404"] = errorResponse("Nothing exists at this address.");
  responses["429"] = errorResponse("Too many requests; wait `Retry-After` seconds.");
  responses["500"] = errorResponse("Unexpected failure; the message quotes a reference.");
  return {
    operationId: name,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.path.split("/")[3]],
    "x-intake-role": operation.role,
    parameters: [
      ...parameters(operation.params, "path", components),
      ...parameters(operation.query, "query", components),
    ],
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(operation.body, "input", components) } },
          },
        }
      : {}),
    responses,
  };
}

function buildDocument() {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const at = (path: string) => (paths[path] ??= {});
  for (const [name, operation] of Object.entries(apiOperations) as [string, AnyOperation][]) {
    at(operation.path)[operation.method.toLowerCase()] = describeOperation(operation, name, components);
  }
  at(openApiOperation.path)[openApiOperation.method.toLowerCase()] = {
    operationId: "openApiDocument",
    summary: openApiOperation.summary,
    description: openApiOperation.description,
    tags: ["meta"],
    security: [],
    responses: {
      "200": { description: "This document.", content: { "application/json": { schema: { type: "object" } } } },
      "429": errorResponse("Too many requests from this address."),
    },
  };
  jsonSchema(apiErrorSchema, "output", components);
  return {
    openapi: "3.1.0",
    info: {
      title: "Intake REST API",
      version: appVersion(),
      description:
        "Log sources and alerts of an Intake console. Authenticate with an API token (Settings → API tokens): `Authorization: Bearer <token>`. Analysts' tokens read; admins' tokens also change.",
    },
    servers: [{ url: env().NEXTAUTH_URL ?? "/" }],
    security: [{ apiToken: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { apiToken: { type: "http", scheme: "bearer", description: "An Intake API token." } },
    },
  };
}

let cached: ReturnType<typeof buildDocument> | undefined;

/** The document; built once per process (it depends only on the code and NEXTAUTH_URL). */
export function openApiDocument(): ReturnType<typeof buildDocument> {
  cached ??= buildDocument();
  return cached;
}

/** GET /api/v1/openapi.json: public, limited per client address like the rest of the API. */
export async function openApiResponse(request: Request): Promise<Response> {
  try {
    await limitApiRequestsFromAddress(clientAddress(request.headers, env().INTAKE_TRUSTED_PROXIES));
    return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
  } catch (error) {
    return apiError(error, { method: request.method, path: new URL(request.url).pathname });
  }
}
