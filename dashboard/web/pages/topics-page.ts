import { TOPIC_PARAMS } from '../../api-types.ts';
import type { PageSpec } from './page-spec.ts';

const LABELS = { partition: 'Partition', offset: 'From offset', key: 'Key', before: 'Key search: before offset', limit: 'Records' } as const;

/** The record query as a form of the page's URL parameters: submitting it loads the page with them. */
function queryForm(body: HTMLElement): void {
  const current = new URLSearchParams(window.location.search);
  const form = document.createElement('form');
  form.method = 'get';
  form.action = '/topics';
  form.className = 'record-query';
  form.setAttribute('aria-label', 'Which records');
  for (const name of TOPIC_PARAMS) {
    const input = document.createElement('input');
    input.name = name;
    input.id = `records-${name}`;
    input.value = current.get(name) ?? '';
    if (name === 'topic') {
      input.type = 'hidden';
      form.append(input);
      continue;
    }
    const control = document.createElement('div');
    control.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = LABELS[name];
    control.append(label, input);
    form.append(control);
  }
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'clear';
  submit.textContent = 'Show records';
  form.append(submit);
  body.replaceChildren(form);
}

export const topicsPage: PageSpec<'topics'> = {
  page: 'topics',
  title: 'Topics',
  filters: false,
  controls: [],
  panels: [
    { id: 'topics', title: 'Topics by layer', size: 'full', tableFirst: true, hint: 'A topic’s name opens its newest records.', links: { topic: (row) => `/topics?topic=${encodeURIComponent(String(row.topic))}` } },
    {
      id: 'records',
      title: 'Records, decoded through the schema registry',
      size: 'full',
      tableFirst: true,
      hint: 'Newest first; or a partition from an offset; or a key’s records (newest first).',
      render: queryForm,
    },
  ],
};
