export const login = {
  zh: {
    title: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    demoHint: '演示账号见启动时的输出（密码 Yimen@Demo2026）',
    totp: '动态验证码',
    totpHint: '打开身份验证器 App，输入当前显示的 6 位数字',
    totpFormat: '请输入 6 位数字',
  },
  en: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    demoHint: 'Demo accounts are printed when the server starts (password Yimen@Demo2026)',
    totp: 'Authenticator code',
    totpHint: 'Open your authenticator app and enter the 6 digits it shows now',
    totpFormat: 'Enter 6 digits',
  },
};
