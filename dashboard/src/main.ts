import { mount } from 'svelte';
import '@rrweb/replay/dist/style.css';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html is missing #app');

mount(App, { target });
