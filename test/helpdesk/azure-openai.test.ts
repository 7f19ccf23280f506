import assert from 'node:assert/strict';
import { azureOpenAiClassify, parseModelAnswer } from '../../src/helpdesk/azure-openai';
import { withModelFallback } from '../../src/helpdesk/classifier';
import { diagnose } from '../../src/helpdesk/diagnose';
import { diagnosisCardData } from '../../src/helpdesk/card';
import { INTENT_IDS } from '../../src/helpdesk/types';
import { createHttpJson } from '../../src/proofs/http-json';
import { startAzureOpenAiFake, type AzureOpenAiFake } from '../support/azure-openai-fake';

describe('helpdesk with an optional language model (loopback Azure OpenAI chat completions)', function () {
  this.timeout(20_000);
  let fake: AzureOpenAiFake;
  before(async () => { fake = await startAzureOpenAiFake('helpdesk'); });
  after(async () => { await fake?.close(); });

  function classifier(apiKey = fake.apiKey) {
    return withModelFallback(azureOpenAiClassify({ endpoint: fake.endpoint, deployment: 'helpdesk', apiKey, apiVersion: '2024-10-21', http: createHttpJson({ ca: fake.caPem, timeoutMs: 3000 }) }));
  }

  it('asks the model only about what the matcher cannot place, with the closed set in the prompt; the card says it was used', async () => {
    fake.requests.length = 0;
    fake.answer = () => '{"intent":"autodiscover","confidence":0.74}';
    const placed = await diagnose('Warum kommen Mails an Kollegen zurück?', { classifier: classifier() });
    assert.equal(placed.intent, 'bounce-internal-relay');
    assert.equal(fake.requests.length, 0, 'the matcher placed it; the model was not asked');
    const viaModel = await diagnose('Thunderbird on the new laptop will not take the account', { classifier: classifier() });
    assert.equal(fake.requests.length, 1);
    const system = fake.requests[0]!.body.messages[0]!.content;
    for (const id of INTENT_IDS.filter((i) => i !== 'unknown')) assert.match(system, new RegExp(`- ${id}: `));
    assert.equal(viaModel.intent, 'autodiscover');
    assert.equal(viaModel.viaModel, true);
    assert.match(String(diagnosisCardData(viaModel, 'x').kicker), /language model \(Azure OpenAI\)/);
    // Cause and fix come from the catalog, never from the model.
    assert.equal(viaModel.entry?.id, 'autodiscover');
  });

  it('an answer outside the closed set, a malformed answer, a wrong key or an invented fix are unknown', async () => {
    for (const content of ['{"intent":"reinstall-windows","confidence":0.99}', 'Sure! Restart the server.', '{"confidence":1}']) {
      fake.answer = () => content;
      const r = await diagnose('Thunderbird on the new laptop will not take the account', { classifier: classifier() });
      assert.equal(r.intent, 'unknown', content);
      assert.equal(r.viaModel, false);
    }
    fake.answer = () => '{"intent":"autodiscover","confidence":0.9}';
    assert.equal((await diagnose('Thunderbird on the new laptop will not take the account', { classifier: classifier('wrong-key') })).intent, 'unknown');
    assert.deepEqual(parseModelAnswer({ choices: [] }), { intent: 'unknown', confidence: 0 });
  });
});
