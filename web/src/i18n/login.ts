export const login = {
  zh: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    demoHint: '演示账号见启动时的输出（密码 Yimen@Demo2026）',
  },
  en: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    demoHint: 'Demo accounts are printed when the server starts (password Yimen@Demo2026)',
  },
};
