// Web chat of the Telegram sandbox: plain browser JavaScript, no build step.
// It talks to the control API under /_sandbox/telegram and long-polls the transcript.

const api = '/_sandbox/telegram';
const params = new URLSearchParams(location.search);
const state = {
  botId: Number(params.get('bot')) || 0,
  userId: Number(params.get('user')) || 0,
  version: -1,
  poll: 0,
};

const $ = (id) => document.getElementById(id);

async function call(path, body) {
  const response = await fetch(api + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json();
  if (!response.ok) {
    throw new Error(payload.error || `HTTP ${response.status}`);
  }
  return payload;
}

function showError(error) {
  $('status').textContent = error ? String(error.message || error) : '';
}

function option(value, label, selected) {
  const element = document.createElement('option');
  element.value = String(value);
  element.textContent = label;
  element.selected = selected;
  return element;
}

let listSignature = '';

async function loadLists() {
  const [bots, users] = await Promise.all([call('/bots'), call('/users')]);
  listSignature = JSON.stringify([bots.map((bot) => bot.id), users.map((user) => user.id)]);
  if (!bots.some((bot) => bot.id === state.botId)) {
    state.botId = bots[0] ? bots[0].id : 0;
  }
  if (!users.some((user) => user.id === state.userId)) {
    state.userId = users[0] ? users[0].id : 0;
  }
  $('bot-select').replaceChildren(
    ...bots.map((bot) => option(bot.id, `@${bot.username}`, bot.id === state.botId)),
  );
  $('user-select').replaceChildren(
    ...users.map((user) =>
      option(user.id, `${user.first_name} (${user.id})`, user.id === state.userId),
    ),
  );
  const bot = bots.find((item) => item.id === state.botId);
  $('bot-info').textContent = bot
    ? `Token: ${bot.token}`
    : 'No bots yet: create one, or let your tests do it.';
}

// Renders text with Telegram entities (UTF-16 offsets) as nested inline elements.
function renderText(text, entities) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const entity of entities) {
    cuts.add(entity.offset);
    cuts.add(entity.offset + entity.length);
  }
  const points = [...cuts].sort((left, right) => left - right);
  for (let index = 0; index < points.length - 1; index += 1) {
    const start = points[index];
    const end = points[index + 1];
    let node = document.createTextNode(text.slice(start, end));
    for (const entity of entities) {
      if (entity.offset <= start && entity.offset + entity.length >= end) {
        node = wrap(node, entity);
      }
    }
    fragment.append(node);
  }
  return fragment;
}

const TAGS = {
  bold: 'b',
  italic: 'i',
  underline: 'u',
  strikethrough: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};

function wrap(node, entity) {
  let element;
  if (entity.type === 'text_link') {
    element = document.createElement('a');
    element.href = entity.url;
    element.target = '_blank';
  } else if (entity.type === 'spoiler') {
    element = document.createElement('span');
    element.className = 'spoiler';
  } else if (TAGS[entity.type]) {
    element = document.createElement(TAGS[entity.type]);
  } else {
    return node;
  }
  element.append(node);
  return element;
}

function renderMessage(message) {
  const item = document.createElement('li');
  item.className = `message ${message.from}${message.deleted ? ' deleted' : ''}`;
  item.dataset.messageId = String(message.messageId);
  const body = document.createElement('div');
  body.className = 'text';
  if (message.sticker) {
    body.textContent = message.sticker.emoji || '🖼️';
    body.title = 'sticker';
  } else if (message.contact) {
    body.textContent = `📇 ${message.contact.first_name}: ${message.contact.phone_number}`;
  } else {
    if (message.document) {
      const link = document.createElement('a');
      link.href = `${api}/files/${encodeURIComponent(message.document.file_id)}`;
      link.textContent = `📄 ${message.document.file_name || 'file'}`;
      body.append(link, document.createElement('br'));
    }
    body.append(renderText(message.text, message.entities || []));
  }
  item.append(body);
  const markup = message.replyMarkup;
  if (markup?.inline_keyboard && !message.deleted) {
    const keyboard = document.createElement('div');
    keyboard.className = 'inline-keyboard';
    for (const row of markup.inline_keyboard) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const button of row) {
        const element = document.createElement('button');
        element.type = 'button';
        element.textContent = button.url ? `${button.text} ↗` : button.text;
        element.addEventListener('click', () => press(button.text, message.messageId));
        line.append(element);
      }
      keyboard.append(line);
    }
    item.append(keyboard);
  }
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = [
    `#${message.messageId}`,
    new Date(message.date * 1000).toLocaleTimeString(),
    message.edited ? 'edited' : '',
    message.deleted ? 'deleted' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  item.append(meta);
  return item;
}

function renderReplyKeyboard(keyboard) {
  const container = $('reply-keyboard');
  container.replaceChildren();
  if (!keyboard) {
    return;
  }
  for (const row of keyboard.keyboard) {
    const line = document.createElement('div');
    line.className = 'row';
    for (const button of row) {
      const element = document.createElement('button');
      element.type = 'button';
      element.textContent = button.request_contact ? `📱 ${button.text}` : button.text;
      element.dataset.label = button.text;
      element.addEventListener('click', () => press(button.text));
      line.append(element);
    }
    container.append(line);
  }
}

function renderCommands(commands) {
  $('commands').replaceChildren(
    ...commands.map((item) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.title = item.description;
      element.textContent = `/${item.command}`;
      element.addEventListener('click', () =>
        act(() => call(chatPath('/messages'), { text: `/${item.command}` })),
      );
      return element;
    }),
  );
}

// Telegram shows a chat action for about 5 seconds or until the bot's next message.
let typingTimer;

function renderTyping(transcript) {
  const action = transcript.lastChatAction;
  const shown = action && action.seq === transcript.version;
  $('typing').textContent = shown ? `bot is ${action.action.replaceAll('_', ' ')}…` : '';
  clearTimeout(typingTimer);
  if (shown) {
    typingTimer = setTimeout(() => {
      $('typing').textContent = '';
    }, 5000);
  }
}

let lastToastFor = '';

function render(transcript) {
  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...transcript.messages.map(renderMessage));
  if (nearBottom) {
    list.scrollTop = list.scrollHeight;
  }
  renderReplyKeyboard(transcript.replyKeyboard);
  renderCommands(transcript.commands || []);
  renderTyping(transcript);
  $('block-toggle').textContent = transcript.blocked ? 'Unblock bot' : 'Block bot';
  $('block-toggle').dataset.blocked = String(transcript.blocked);
  const answered = transcript.callbacks.filter((callback) => callback.answer?.text).at(-1);
  if (answered && answered.callbackQueryId !== lastToastFor) {
    lastToastFor = answered.callbackQueryId;
    $('toast').textContent = answered.answer.text;
    $('toast').hidden = false;
    setTimeout(() => {
      $('toast').hidden = true;
    }, 3000);
  }
}

async function follow() {
  state.poll += 1;
  const poll = state.poll;
  state.version = -1;
  while (poll === state.poll && state.botId && state.userId) {
    try {
      const transcript = await call(
        `/chats/${state.botId}/${state.userId}?since=${state.version}&timeout=25000`,
      );
      if (poll !== state.poll) {
        return;
      }
      state.version = transcript.version;
      render(transcript);
      showError(null);
    } catch (error) {
      showError(error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function chatPath(suffix) {
  return `/chats/${state.botId}/${state.userId}${suffix}`;
}

async function act(action) {
  try {
    await action();
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function press(label, messageId) {
  return act(async () => {
    const result = await call(chatPath('/press'), messageId ? { label, messageId } : { label });
    if (result.kind === 'url') {
      window.open(result.url, '_blank');
    }
  });
}

function select() {
  const url = new URL(location.href);
  url.searchParams.set('bot', String(state.botId));
  url.searchParams.set('user', String(state.userId));
  history.replaceState(null, '', url);
  $('messages').replaceChildren();
  $('reply-keyboard').replaceChildren();
  void follow();
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text-input').value;
  if (!text.trim()) {
    return;
  }
  $('text-input').value = '';
  void act(() => call(chatPath('/messages'), { text }));
});

$('file-input').addEventListener('change', () => {
  const file = $('file-input').files[0];
  if (!file) {
    return;
  }
  void act(async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const byte of bytes) {
      binary += String.fromCharCode(byte);
    }
    await call(chatPath('/messages'), {
      document: {
        fileName: file.name,
        mimeType: file.type || 'application/octet-stream',
        contentBase64: btoa(binary),
      },
    });
    $('file-input').value = '';
  });
});

$('block-toggle').addEventListener('click', () => {
  const blocked = $('block-toggle').dataset.blocked === 'true';
  void act(() => call(chatPath(blocked ? '/unblock' : '/block'), {}));
});

$('bot-select').addEventListener('change', () => {
  state.botId = Number($('bot-select').value);
  void loadLists().then(select);
});

$('user-select').addEventListener('change', () => {
  state.userId = Number($('user-select').value);
  select();
});

$('new-user-button').addEventListener('click', () => {
  const name = prompt('First name of the new user', 'Ann');
  if (!name) {
    return;
  }
  void act(async () => {
    const user = await call('/users', {
      first_name: name,
      language_code: navigator.language.slice(0, 2),
    });
    state.userId = user.id;
    await loadLists();
    select();
  });
});

$('new-bot-button').addEventListener('click', () => {
  const username = prompt('Username of the new bot (ends with "bot")', 'my_salon_bot');
  if (!username) {
    return;
  }
  void act(async () => {
    const bot = await call('/bots', { username });
    state.botId = bot.id;
    await loadLists();
    select();
  });
});

// Bots and users created elsewhere (tests, other tabs) show up without a reload.
async function refreshLists() {
  const [bots, users] = await Promise.all([call('/bots'), call('/users')]);
  const signature = JSON.stringify([bots.map((bot) => bot.id), users.map((user) => user.id)]);
  if (signature === listSignature) {
    return;
  }
  const hadChat = state.botId && state.userId;
  await loadLists();
  if (!hadChat && state.botId && state.userId) {
    select();
  }
}

void act(async () => {
  await loadLists();
  select();
  setInterval(() => {
    refreshLists().catch(showError);
  }, 3000);
});
