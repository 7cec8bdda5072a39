import { buildServer, type InfraServer, type ServerOptions } from '@infra-mcp/core';
import {
  elicitationDefaultsTool,
  elicitationTool,
  inputCapabilitiesTool,
  inputElicitationTool,
  inputManyTool,
  inputRootsTool,
  inputRoundsTool,
  inputSamplingTool,
  inputStateTool,
  inputTamperTool,
  missingCapabilityTool,
  samplingTool,
} from './ask-tools.js';
import { errorTool, loggingTool, progressTool, requestLoggingTool, streamingTool } from './call-tools.js';
import { audioTool, embeddedResourceTool, imageTool, mixedContentTool, simpleTextTool } from './content-tools.js';
import { argumentsPrompt, askingPrompt, embeddedResourcePrompt, imagePrompt, simplePrompt } from './prompts.js';
import { dataTemplate, staticBinaryResource, staticTextResource } from './resources.js';

/**
 * The test-only "everything" server: the fixture tools, resources and
 * prompts the official conformance suite calls by name, each built the way a
 * real server builds its own, on core alone.
 */
export function createEverythingServer(options: ServerOptions = {}): InfraServer {
  return buildServer(
    {
      name: 'everything',
      version: '0.0.0',
      title: 'Conformance fixtures',
      tools: [
        simpleTextTool,
        imageTool,
        audioTool,
        embeddedResourceTool,
        mixedContentTool,
        loggingTool,
        progressTool,
        errorTool,
        requestLoggingTool,
        streamingTool,
        samplingTool,
        elicitationTool,
        elicitationDefaultsTool,
        inputElicitationTool,
        inputSamplingTool,
        inputRootsTool,
        inputStateTool,
        inputManyTool,
        inputRoundsTool,
        inputTamperTool,
        inputCapabilitiesTool,
        missingCapabilityTool,
      ],
      resources: [staticTextResource, staticBinaryResource],
      resourceTemplates: [dataTemplate],
      prompts: [simplePrompt, argumentsPrompt, embeddedResourcePrompt, imagePrompt, askingPrompt],
      deps: {},
    },
    options,
  );
}
