import * as z from 'zod';
import { REGISTRATION_ERROR_CODES } from './errors.js';
import { credentialString, messageText, shortText } from './limits.js';

export const AGENT_REGISTER_PATH = '/api/agent/register';

/** Body of `POST /api/agent/register`. */
export const registrationRequestSchema = z.object({
  token: z.string().min(1).max(512),
  agentVersion: shortText.optional(),
});
export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;

/** 200 body: the cluster's own credential, shown once (the hub keeps only its hash). */
export const registrationResponseSchema = z.object({
  clusterId: shortText,
  clusterName: shortText,
  credential: credentialString,
});
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/** 4xx body of the agent REST endpoints. */
export const registrationErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(REGISTRATION_ERROR_CODES),
    message: messageText,
  }),
});
export type RegistrationErrorResponse = z.infer<typeof registrationErrorResponseSchema>;
